import type { FastifyInstance } from 'fastify';
import { AuditActions, AuditActionsQuery, AuditPage, AuditQuery } from '@grimnir/contracts';
import { requireRole } from '../../plugins/authenticate.js';
import { bearerSecurity, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { AuditService } from './audit.service.js';

const tags = ['audit'];

export function registerAuditRoutes(app: FastifyInstance, audit: AuditService): void {
  const r = zodApp(app);
  r.get('/api/v1/audit', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'The audit log, newest first (admins: all; managers: their stations)',
      querystring: AuditQuery,
      response: { 200: AuditPage, ...errorResponses },
    },
    // A global DJ or viewer manages no station (station roles are capped by the global one).
    handler: (request) => audit.page(requireRole(request, 'manager'), request.query),
  });
  r.get('/api/v1/audit/actions', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'The distinct actions in the audit log the caller may read',
      querystring: AuditActionsQuery,
      response: { 200: AuditActions, ...errorResponses },
    },
    handler: (request) => audit.actions(requireRole(request, 'manager'), request.query.station_id),
  });
}
