export * from './engine-client.js';
export * from './engine-router.js';
export { loadMediaEngineService } from './proto.js';
export {
  createOutboundFence,
  UNREACHABLE,
  /** @public the server's buildServices() return type names it. */
  type OpenOptions,
  type OutboundFence,
  type Resolver,
} from './outbound-fence.js';
