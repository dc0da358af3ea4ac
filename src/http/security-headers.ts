import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Framing, sniffing and referrer headers on every response, pages, API and errors alike
 * (docs/security.md § Response headers): no other site may frame a page (clickjacking), no browser
 * guesses a type other than the one sent, and a link out carries only the origin.
 */
export const SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

export function securityHeaders(app: FastifyInstance): void {
  // onRequest, so that refusals (401, 404, 429 …) carry them too.
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
}

/**
 * A module's PDF is shown in a frame of the learning page itself: that one response may be framed by
 * the platform's own pages (still by no other site).
 */
export function allowSameOriginFrame(reply: FastifyReply): FastifyReply {
  return reply.header('x-frame-options', 'SAMEORIGIN').header('content-security-policy', "frame-ancestors 'self'");
}
