import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Connections that stay open for minutes or hours: a listener's stream, a DJ's source, the
 * console's events socket, a public page's Server-Sent Events. Their completion line comes when
 * they end, so they are also logged when they begin.
 */
export function isLongLived(req: {
  url: string;
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  return (
    req.url.startsWith('/stream/') ||
    req.url.startsWith('/live/') ||
    req.headers.upgrade !== undefined ||
    String(req.headers.accept ?? '').includes('text/event-stream')
  );
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
