import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { NotFound } from '../../kernel/errors.ts';
import { actorOf } from '../../http/auth.ts';
import { certificatePdf } from './certificate-pdf.ts';
import {
  assertMayReadCertificate,
  getAssessment,
  holderIdMasked,
  listAssessments,
  lookupCertificate,
  publicCertificate,
  recordResults,
  scheduleAssessment,
} from './evaluation.service.ts';
import { signingKeyFromSeed, signToken, verifyToken } from './signing.ts';
import { fileResponse } from '../../kernel/schemas.ts';
import {
  pemResponse,
  ZAssessmentDetail,
  ZAssessmentListItem,
  ZAssessmentScheduled,
  ZCertificateLookup,
  ZCertificateLookupResult,
  ZCertificateToken,
  ZCraftsman,
  ZCredentialMapping,
  ZMappingEdit,
  ZNewAssessment,
  ZNewNomination,
  ZNomination,
  ZNominationReview,
  ZNominationState,
  ZOk,
  ZResults,
  ZResultsRecorded,
  ZVerification,
  ZWorkerProfile,
} from './evaluation.schema.ts';
import {
  listCredentialMappings,
  listNominations,
  nominateCraftsman,
  publishedCraftsmen,
  reviewNomination,
  setCredentialMapping,
  workerProfile,
} from './profile.ts';
import { Invalid } from '../../kernel/errors.ts';
import { checkIdNumber } from '../registry/index.ts';

export function evaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const keys = signingKeyFromSeed(ctx.config.signingSeed);
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const tokenFor = async (no: string) => {
    const c = await publicCertificate(ctx.db, no);
    if (!c) throw new NotFound({ zh: `证书 ${no}`, en: `certificate ${no}` });
    return {
      c,
      token: signToken(
        {
          n: c.certificateNo,
          h: c.holder,
          o: c.occupationCode,
          l: c.level,
          k: c.kind,
          d: c.issuedOn,
          e: c.evaluatorCode,
        },
        keys.privateKey,
      ),
    };
  };

  r.post(
    '/api/assessments',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['evaluation'],
        summary: '安排考核（评价机构）/ schedule an assessment',
        body: ZNewAssessment,
        response: { 201: ZAssessmentScheduled },
      },
    },
    async (req, reply) => reply.status(201).send(await scheduleAssessment(ctx.db, ctx.vault, actorOf(req), req.body)),
  );
  r.get(
    '/api/assessments',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['evaluation'],
        summary: '本机构的考核 / my institution’s assessments',
        querystring: z.object({ status: z.enum(['scheduled', 'closed']).optional() }),
        response: { 200: z.array(ZAssessmentListItem) },
      },
    },
    async (req) => listAssessments(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/assessments/:id',
    {
      config: { access: ['institution_staff', 'province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '考核与考生 / an assessment with its candidates',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZAssessmentDetail },
      },
    },
    async (req) => getAssessment(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/assessments/:id/results',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['evaluation'],
        summary: '录入成绩并为合格者发证 / record results; certificates for passes',
        params: z.object({ id: z.uuid() }),
        body: ZResults,
        response: { 200: ZResultsRecorded },
      },
    },
    async (req) => recordResults(ctx.db, actorOf(req), req.params.id, req.body.results),
  );

  r.get(
    '/api/certificates/:no/token',
    {
      config: { access: ['worker', 'province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['evaluation'],
        summary: '证书的签名查验令牌 / the signed verification token of a certificate',
        params: z.object({ no: z.string() }),
        response: { 200: ZCertificateToken },
      },
    },
    async (req) => {
      const { c, token } = await tokenFor(req.params.no);
      assertMayReadCertificate(actorOf(req), c);
      return { token, url: `${ctx.config.publicUrl}/verify?t=${encodeURIComponent(token)}` };
    },
  );
  r.get(
    '/api/certificates/:no/pdf',
    {
      config: { access: ['worker', 'province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['evaluation'],
        summary: '证书 PDF（含查验二维码）/ certificate PDF with a QR code',
        params: z.object({ no: z.string() }),
        response: { 200: fileResponse('application/pdf') },
      },
    },
    async (req, reply) => {
      const { c, token } = await tokenFor(req.params.no);
      assertMayReadCertificate(actorOf(req), c);
      const pdf = await certificatePdf({
        ...c,
        levelName: c.levelName,
        idMasked: await holderIdMasked(ctx.db, c.personKey),
        verifyUrl: `${ctx.config.publicUrl}/verify?t=${encodeURIComponent(token)}`,
      });
      return sendPdf(reply, `${c.certificateNo}.pdf`, pdf);
    },
  );

  r.get(
    '/api/credential-mappings',
    {
      config: { access: 'public' },
      schema: {
        tags: ['evaluation'],
        summary: '技能等级与职称、学历贯通对照 / skill level ↔ title and education',
        response: { 200: z.array(ZCredentialMapping) },
      },
    },
    async () => listCredentialMappings(ctx.db),
  );
  r.put(
    '/api/credential-mappings/:level',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '修改贯通对照 / edit a mapping',
        params: z.object({ level: z.string() }),
        body: ZMappingEdit,
        response: { 200: ZOk },
      },
    },
    async (req) => {
      await setCredentialMapping(ctx.db, actorOf(req), req.params.level, req.body);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/me/profile',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['evaluation'],
        summary: '我的档案：培训、证书（含贯通对照）/ my profile',
        response: { 200: ZWorkerProfile },
      },
    },
    async (req) => workerProfile(ctx.db, actorOf(req), (enc) => ctx.vault.decrypt(enc)),
  );
  r.post(
    '/api/craftsmen/nominations',
    {
      config: { access: ['city_officer', 'department_officer', 'province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '推荐江苏工匠 / nominate a craftsman',
        body: ZNewNomination,
        response: { 201: ZNominationState },
      },
    },
    async (req, reply) => {
      const p = checkIdNumber(req.body.idNumber.toUpperCase());
      if (p) throw new Invalid(p.reason, p.zh, p.en);
      return reply.status(201).send(
        await nominateCraftsman(ctx.db, actorOf(req), {
          year: req.body.year,
          idNumberKey: ctx.vault.blindIndex(req.body.idNumber),
          unit: req.body.unit,
          citation: req.body.citation,
        }),
      );
    },
  );
  r.get(
    '/api/craftsmen/nominations',
    {
      config: { access: ['city_officer', 'department_officer', 'province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '工匠推荐与证书履历 / nominations with certificate history',
        querystring: z.object({ year: z.coerce.number().int() }),
        response: { 200: z.array(ZNomination) },
      },
    },
    async (req) => listNominations(ctx.db, actorOf(req), req.query.year),
  );
  r.post(
    '/api/craftsmen/nominations/:id/review',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['evaluation'],
        summary: '评审：入选或不入选 / select or reject',
        params: z.object({ id: z.uuid() }),
        body: ZNominationReview,
        response: { 200: ZNominationState },
      },
    },
    async (req) => reviewNomination(ctx.db, actorOf(req), req.params.id, req.body.decision, req.body.note),
  );
  r.get(
    '/api/craftsmen/:year',
    {
      config: { access: 'public' },
      schema: {
        tags: ['evaluation'],
        summary: '江苏工匠年度名单（公开）/ the published yearly list',
        params: z.object({ year: z.coerce.number().int() }),
        response: { 200: z.array(ZCraftsman) },
      },
    },
    async (req) => publishedCraftsmen(ctx.db, req.params.year),
  );

  // Public verification: rate-limited per client address.
  const limited = { rateLimit: { max: Number(process.env.JINENG_VERIFY_PER_MINUTE ?? 60), timeWindow: '1 minute' } };
  r.get(
    '/api/verify/public-key',
    {
      config: { access: 'public', ...limited },
      schema: {
        tags: ['evaluation'],
        summary: '省级证书签名公钥（PEM）/ the province’s signing public key',
        response: { 200: pemResponse },
      },
    },
    async (_req, reply) => reply.header('content-type', 'application/x-pem-file').send(publicKeyPem),
  );
  r.get(
    '/api/verify',
    {
      config: { access: 'public', ...limited },
      schema: {
        tags: ['evaluation'],
        summary: '证书查验（公开，限流）/ verify a certificate token (public, rate-limited)',
        querystring: z.object({ t: z.string().max(2000) }),
        response: { 200: ZVerification },
      },
    },
    async (req) => {
      const payload = verifyToken(req.query.t, keys.publicKey);
      if (!payload)
        return {
          valid: false as const,
          status: 'invalid' as const,
          message: '二维码无效或被篡改',
          message_en: 'the code is invalid or has been tampered with',
        };
      const c = await publicCertificate(ctx.db, payload.n);
      if (!c)
        return {
          valid: false as const,
          status: 'unknown' as const,
          message: '证书库中无此证书',
          message_en: 'no such certificate in the registry',
        };
      const { personKey: _p, cityCode: _c, holderName: _h, ...shown } = c;
      return {
        valid: !c.revokedOn,
        status: c.revokedOn ? ('revoked' as const) : ('valid' as const),
        certificate: shown,
      };
    },
  );
  // POST, not GET: the holder's name stays out of URLs, access logs and browser history.
  r.post(
    '/api/verify/lookup',
    {
      config: { access: 'public', ...limited },
      schema: {
        tags: ['evaluation'],
        summary: '按证书编号与持证人姓名查验（公开，限流）/ look a certificate up by number and holder name',
        description:
          '两者都相符才答复；姓名不符与编号不存在的答复完全相同。/ Answers only when both match; a wrong name and an unknown number get the same answer.',
        body: ZCertificateLookup,
        response: { 200: ZCertificateLookupResult },
      },
    },
    async (req) => lookupCertificate(ctx.db, req.body.no, req.body.name),
  );
}

/** The PDF's bytes as they are (its response schema documents them; nothing is serialised). */
function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${filename}"`)
    .send(pdf);
}
