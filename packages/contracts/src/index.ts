export * from './roles.js';
export * from './programming.js';
