import {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

/** Paths whose connections stay open: listeners' streams, the console's socket, live pushes. */
const LONG_LIVED = ['/stream/', '/live/', '/api/v1/events', '/api/v1/public/events'];

/**
 * Connections that stay open for minutes or hours: a listener's stream, the console's events
 * socket, a public page's Server-Sent Events, any WebSocket. Their completion line comes when
 * they end (or an abort line when the client leaves), so they are also logged when they begin.
 * By path, not by the client's headers: a curl on the live push sends no `Accept`.
 */
export function isLongLived(req: {
  url: string;
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  return req.headers.upgrade !== undefined || LONG_LIVED.some((p) => req.url.startsWith(p));
}

/**
 * A request whose client left before the answer was complete (a proxy's timeout, a listener
 * closing the player) never completes: it gets its line here, or it would leave none.
 */
export function registerAccessLog(app: FastifyInstance): void {
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ req: request }, 'request aborted');
    done();
  });
}

/**
 * One access-log line per request, written when it completes, with the request line, status
 * and time together: Fastify's default writes two (`incoming request`, `request completed`),
 * which doubled the log volume and the logging CPU per API call (issue 15) and left the status
 * on a separate line from the URL. Long-lived connections keep their line at the start too.
 */
export class AccessLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'request_id' });
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (isLongLived(request)) super.incomingRequest(request, reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
