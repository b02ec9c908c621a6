/**
 * The peer `bench:api` compares against: a minimal Fastify hello-world with Fastify's defaults
 * (no logger, no hooks), in its own process like the control plane, so both are measured by the
 * same load generator on the same loaded machine and the ratio is what the figures say.
 *   node --import tsx bench/api-peer.ts PORT
 */
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const app = Fastify({ logger: false });
app.get('/', () => ({ hello: 'world' }));
await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
