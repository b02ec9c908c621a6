export * from './roles.js';
export * from './media.js';
