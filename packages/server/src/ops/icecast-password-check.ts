import type { Config } from '../config.js';

/** Thrown during start for a configuration the operator must fix; cli.ts prints it, exit 78. */
export class StartRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefusal';
  }
}

interface IcecastTargets {
  stations: { list(): Promise<readonly { id: string }[]> };
  mounts: {
    listByStation(stationId: string): Promise<
      readonly {
        name: string;
        icecast: { host: string; port: number; password: string | null } | null;
      }[]
    >;
  };
}

/**
 * Production needs GRIMNIR_ICECAST_SOURCE_PASSWORD only when a mount feeds an Icecast server
 * without a password of its own: the guide's Kubernetes secret has no such key and no Icecast,
 * and refusing to start there would be for nothing. When it is needed, the refusal says why.
 */
export async function requireIcecastPasswordWhereUsed(
  config: Pick<Config, 'env' | 'icecastSourcePassword'>,
  sources: IcecastTargets,
): Promise<void> {
  if (config.env !== 'production' || config.icecastSourcePassword !== undefined) return;
  for (const station of await sources.stations.list()) {
    for (const mount of await sources.mounts.listByStation(station.id)) {
      if (mount.icecast === null || mount.icecast.password !== null) continue;
      throw new StartRefusal(
        `GRIMNIR_ICECAST_SOURCE_PASSWORD: required in production because mount "${mount.name}" ` +
          `feeds Icecast at ${mount.icecast.host}:${mount.icecast.port} without a password of its own`,
      );
    }
  }
}
