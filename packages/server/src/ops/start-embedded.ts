import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { CONTROL_PLANE_NODE_FLAGS } from './node-flags.js';
import { ENGINE_BACKOFF, supervise } from './supervisor.js';

interface EmbeddedOptions {
  engineBin: string;
  serverBin: string;
}

/**
 * `npm start`: the media engine under a supervisor (restarted with back-off when it dies, as
 * systemd and Kubernetes do in production) and the control plane in the foreground. The
 * control plane's exit, Ctrl-C or SIGTERM stops both; nothing is left running.
 */
async function startEmbedded(o: EmbeddedOptions): Promise<number> {
  // Its own pino logger (ops/ does not import infra/): the same JSON lines as the servers.
  const log = pino({
    base: { service: 'grimnir-start' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const engine = supervise({
    name: 'mediaengine',
    command: process.execPath,
    args: [o.engineBin],
    backoff: ENGINE_BACKOFF,
    log,
  });
  // The systemd unit and deploy/bin/grimnirradio pass the same flags.
  const server = spawn(process.execPath, [...CONTROL_PLANE_NODE_FLAGS, o.serverBin, 'serve'], {
    stdio: 'inherit',
  });
  const serverExit = new Promise<number>((resolve) => {
    server.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stopping ??= (async () => {
      log.info({ signal }, 'stopping the control plane and the media engine');
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      await Promise.all([serverExit, engine.stop()]);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const code = await serverExit;
  // The control plane ended on its own (a start-up refusal, a crash): the engine goes too.
  await engine.stop();
  await stopping;
  return code;
}

// Run by packages/server/bin/grimnir-start.js (scripts/start.sh): paths from this compiled file.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
process.exitCode = await startEmbedded({
  engineBin: here('../../../media-engine/bin/mediaengine.js'),
  serverBin: here('../../bin/grimnirradio.js'),
});
