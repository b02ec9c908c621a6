export * from './roles.js';
export * from './common.js';
export * from './auth.js';
export * from './stations.js';
export * from './events.js';
