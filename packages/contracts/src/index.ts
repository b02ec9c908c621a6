export * from './roles.js';
export * from './mediaengine.js';
