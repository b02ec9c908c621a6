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
  const expired = await cp.services.uploads.sweep();
  if (expired > 0) log.info({ expired }, 'removed resumable uploads past their expiry');
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
  void createDemoStation({
    services: cp.services,
    baseUrl: `http://${host}:${port}`,
    childEnv: config.childEnv,
    log,
  }).then(
    (paths) => {
      if (!paths) return;
      const at = `http://localhost:${port}`;
      announce(
        `\n  Demo station on air: ${at}${paths.stream}\n  Web console: ${at}/   Listeners' page: ${at}${paths.page}\n`,
      );
    },
    (err: unknown) => log.warn({ err }, 'demo station could not be created'),
  );
}
