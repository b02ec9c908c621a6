export * from './roles.js';
export * from './common.js';
export * from './auth.js';
export * from './stations.js';
export * from './media.js';
export * from './programming.js';
export * from './programming-api.js';
export * from './playout.js';
