import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { NotFound } from '../../kernel/errors.ts';
import { actorOf } from '../../http/auth.ts';
import { certificatePdf } from './certificate-pdf.ts';
import { assertMayReadCertificate, getAssessment, listAssessments, publicCertificate, recordResults, scheduleAssessment } from './evaluation.service.ts';
import { signingKeyFromSeed, signToken, verifyToken } from './signing.ts';

export function evaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const keys = signingKeyFromSeed(ctx.config.signingSeed);
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const tokenFor = async (no: string) => {
    const c = await publicCertificate(ctx.db, no);
    if (!c) throw new NotFound({ zh: `证书 ${no}`, en: `certificate ${no}` });
    return { c, token: signToken({ n: c.certificateNo, h: c.holder, o: c.occupationCode, l: c.level, k: c.kind, d: c.issuedOn, e: c.evaluatorCode }, keys.privateKey) };
  };

  r.post('/api/assessments', {
    config: { access: ['institution_staff'] },
    schema: {
      tags: ['evaluation'], summary: '安排考核（评价机构）/ schedule an assessment',
      body: z.object({ occupationCode: z.string(), kind: z.string(), level: z.string().nullish(), scheduledOn: z.string(), projectCode: z.string().nullish(), idNumbers: z.array(z.string()).max(2000).optional() }),
    },
  }, async (req, reply) => reply.status(201).send(await scheduleAssessment(ctx.db, ctx.vault, actorOf(req), req.body)));
  r.get('/api/assessments', { config: { access: ['institution_staff'] }, schema: { tags: ['evaluation'], summary: '本机构的考核 / my institution’s assessments' } }, async (req) => listAssessments(ctx.db, actorOf(req)));
  r.get('/api/assessments/:id', { config: { access: ['institution_staff', 'province_admin'] }, schema: { tags: ['evaluation'], summary: '考核与考生 / an assessment with its candidates', params: z.object({ id: z.uuid() }) } }, async (req) => getAssessment(ctx.db, actorOf(req), req.params.id));
  r.post('/api/assessments/:id/results', {
    config: { access: ['institution_staff'] },
    schema: {
      tags: ['evaluation'], summary: '录入成绩并为合格者发证 / record results; certificates for passes',
      params: z.object({ id: z.uuid() }),
      body: z.object({ results: z.array(z.object({ personKey: z.string(), theoryScore: z.number().int(), practicalScore: z.number().int(), passed: z.boolean() })).min(1) }),
    },
  }, async (req) => recordResults(ctx.db, actorOf(req), req.params.id, req.body.results));

  r.get('/api/certificates/:no/token', {
    config: { access: ['worker', 'province_admin', 'city_officer', 'institution_staff'] },
    schema: { tags: ['evaluation'], summary: '证书的签名查验令牌 / the signed verification token of a certificate', params: z.object({ no: z.string() }) },
  }, async (req) => {
    const { c, token } = await tokenFor(req.params.no);
    assertMayReadCertificate(actorOf(req), c);
    return { token, url: `${ctx.config.publicUrl}/verify?t=${encodeURIComponent(token)}` };
  });
  r.get('/api/certificates/:no/pdf', {
    config: { access: ['worker', 'province_admin', 'city_officer', 'institution_staff'] },
    schema: { tags: ['evaluation'], summary: '证书 PDF（含查验二维码）/ certificate PDF with a QR code', params: z.object({ no: z.string() }) },
  }, async (req, reply) => {
    const { c, token } = await tokenFor(req.params.no);
    assertMayReadCertificate(actorOf(req), c);
    const [p] = await ctx.db.query<{ id_masked: string }>('SELECT id_masked FROM persons WHERE person_key = $1', [c.personKey]);
    const pdf = await certificatePdf({ ...c, levelName: c.levelName, idMasked: p.id_masked, verifyUrl: `${ctx.config.publicUrl}/verify?t=${encodeURIComponent(token)}` });
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${c.certificateNo}.pdf"`).send(pdf);
  });

  // Public verification: rate-limited per client address.
  const limited = { rateLimit: { max: Number(process.env.JINENG_VERIFY_PER_MINUTE ?? 60), timeWindow: '1 minute' } };
  r.get('/api/verify/public-key', { config: { access: 'public', ...limited }, schema: { tags: ['evaluation'], summary: '省级证书签名公钥（PEM）/ the province’s signing public key' } }, async (_req, reply) =>
    reply.header('content-type', 'application/x-pem-file').send(publicKeyPem));
  r.get('/api/verify', {
    config: { access: 'public', ...limited },
    schema: { tags: ['evaluation'], summary: '证书查验（公开，限流）/ verify a certificate token (public, rate-limited)', querystring: z.object({ t: z.string().max(2000) }) },
  }, async (req) => {
    const payload = verifyToken(req.query.t, keys.publicKey);
    if (!payload) return { valid: false, status: 'invalid', message: '二维码无效或被篡改', message_en: 'the code is invalid or has been tampered with' };
    const c = await publicCertificate(ctx.db, payload.n);
    if (!c) return { valid: false, status: 'unknown', message: '证书库中无此证书', message_en: 'no such certificate in the registry' };
    const { personKey: _p, cityCode: _c, holderName: _h, ...shown } = c;
    return { valid: !c.revokedOn, status: c.revokedOn ? 'revoked' : 'valid', certificate: shown };
  });
}
