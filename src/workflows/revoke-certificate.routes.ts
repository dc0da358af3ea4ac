import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { revokeCertificate } from './revoke-certificate.ts';
import { ZRevocation, ZRevocationOutcome } from './revoke-certificate.schema.ts';

export function revokeCertificateRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/certificates/:no/revoke',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '撤销证书（触发补贴追回）/ revoke a certificate; paid subsidy becomes a receivable',
        params: z.object({ no: z.string() }),
        body: ZRevocation,
        response: { 200: ZRevocationOutcome },
      },
    },
    async (req) => revokeCertificate(ctx.db, actorOf(req), req.params.no, req.body.reason),
  );
}
