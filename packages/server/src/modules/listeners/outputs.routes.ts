import type { FastifyInstance } from 'fastify';
import { IdParams, StationOutputs, type OutputStatus } from '@grimnir/contracts';
import type { Principal } from '../../plugins/principal.js';
import { requirePrincipal } from '../../plugins/authenticate.js';
import { bearerSecurity, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { MountsRepository } from '../stations/index.js';
import { mountLiveStates } from './outputs-status.js';
import type { BroadcastRegistry } from './registry.js';
import { isUnknownStation } from '@grimnir/engine-client';

/** A status page must not hang on an engine that is restarting: its calls wait up to 5 s. */
const ENGINE_ANSWER_MS = 1500;

interface OutputsDeps {
  access: { requireStation(p: Principal, id: string, need: 'viewer'): Promise<unknown> };
  mounts: Pick<MountsRepository, 'listByStation'>;
  broadcasts: Pick<BroadcastRegistry, 'counts'>;
  /** Null in test runtimes without an engine: output states are then unknown. */
  engine: { status(stationId: string): Promise<{ outputs: OutputStatus[] }> } | null;
}

async function engineOutputs(d: OutputsDeps, stationId: string) {
  if (!d.engine) return 'unknown';
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'unknown'>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), ENGINE_ANSWER_MS);
  });
  try {
    return await Promise.race([d.engine.status(stationId).then((s) => s.outputs), late]);
  } catch (err) {
    return isUnknownStation(err) ? 'absent' : 'unknown';
  } finally {
    clearTimeout(timer);
  }
}

export function registerOutputRoutes(app: FastifyInstance, d: OutputsDeps): void {
  zodApp(app).get('/api/v1/stations/:id/outputs', {
    schema: {
      tags: ['stations'],
      security: bearerSecurity,
      summary: "Each mount's listeners (this replica) and engine output state now",
      params: IdParams,
      response: { 200: StationOutputs, ...errorResponses },
    },
    handler: async (request) => {
      const stationId = request.params.id;
      await d.access.requireStation(requirePrincipal(request), stationId, 'viewer');
      const [mounts, engine] = await Promise.all([
        d.mounts.listByStation(stationId),
        engineOutputs(d, stationId),
      ]);
      return {
        engine_reachable: engine !== 'unknown',
        mounts: mountLiveStates(mounts, d.broadcasts.counts(), engine),
      };
    },
  });
}
