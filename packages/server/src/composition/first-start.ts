import type { Logger } from 'pino';
import { ensureFirstAdmin } from '../bootstrap.js';
import type { Config } from '../config.js';
import { createDemoStation } from '../modules/demo/index.js';
import { requireIcecastPasswordWhereUsed } from '../ops/icecast-password-check.js';
import type { ControlPlane } from './root.js';

/** Before listening: clear what an earlier crash left and make sure someone can log in. */
export async function prepareFirstStart(
  cp: ControlPlane,
  config: Config,
  log: Logger,
  announce: (line: string) => void,
): Promise<void> {
  const swept = await cp.services.media.sweepStaleUploads();
  if (swept > 0) log.info({ swept }, 'removed partial uploads left by an earlier crash');
  await requireIcecastPasswordWhereUsed(config, cp.services.repositories);
  const admin = await ensureFirstAdmin(cp.services, config, log);
  if (admin.created && admin.generatedPassword !== undefined) {
    announce(
      `\n  First admin created. Log in with username "admin" and password: ${admin.generatedPassword}\n  (shown once; set GRIMNIR_ADMIN_PASSWORD to choose it)\n`,
    );
  }
}

/** After listening: the demo station is created through the API, in the background. */
export function startDemoStation(
  cp: ControlPlane,
  config: Config,
  log: Logger,
  announce: (line: string) => void,
): void {
  if (!config.demoStation) return;
  const { bind, port } = config.http;
  const host = bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
  void createDemoStation({ services: cp.services, baseUrl: `http://${host}:${port}`, log }).then(
    (path) => {
      if (path) announce(`\n  Demo station on air: http://localhost:${port}${path}\n`);
    },
    (err: unknown) => log.warn({ err }, 'demo station could not be created'),
  );
}
