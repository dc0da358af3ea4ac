import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { revokeCertificate } from './revoke-certificate.ts';
import { ZRevocation, ZRevocationOutcome, ZRevocationPreview } from './revoke-certificate.schema.ts';
import { revocationEffects } from '../modules/subsidy/index.ts';

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
  r.get(
    '/api/certificates/:no/revocation-effects',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '撤销证书的影响（确认前预览：追回、作废）/ what revoking would claw back or void',
        params: z.object({ no: z.string().max(40) }),
        response: { 200: ZRevocationPreview },
      },
    },
    async (req) => {
      const effects = await revocationEffects(ctx.db, req.params.no);
      const sum = (e: string) => effects.filter((x) => x.effect === e).reduce((s, x) => s + x.amountFen, 0);
      return { certificateNo: req.params.no, effects, clawbackFen: sum('clawback'), releaseFen: sum('release') };
    },
  );
}
