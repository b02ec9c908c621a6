import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponse } from '@grimnir/contracts';
import type { Principal } from './principal.js';
import { requirePrincipal } from './authenticate.js';

export function zodApp(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** Standard error responses for the OpenAPI document. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};

export interface RequestCtx {
  principal: Principal;
  requestId: string;
  ip: string;
}

/** The authenticated caller plus what services need for the audit log. */
export function ctx(request: FastifyRequest): RequestCtx {
  return { principal: requirePrincipal(request), requestId: request.id, ip: request.ip };
}

export const bearerSecurity: { [label: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
