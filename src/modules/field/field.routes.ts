import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import type { AppContext } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { checkIdNumber } from '../../kernel/identity.ts';
import { pageOf } from '../../kernel/listing.ts';
import { newId } from '../../kernel/ids.ts';
import {
  activityRoster,
  checkIn,
  createActivity,
  hiresFromActivities,
  listActivities,
  recordActivityHire,
  signUp,
} from './activities.ts';
import { uploadActivities } from './activity-upload.ts';
import { listPromotionRules, setPromotionRule } from './promotion-rules.ts';
import {
  addEntrant,
  createCompetition,
  decidePromotion,
  listCompetitions,
  listEntries,
  listPromotions,
  recordResult,
} from './competitions.ts';
import {
  ZActivity,
  ZActivityCreated,
  ZActivityHireRecorded,
  ZActivityHiresLine,
  ZActivityQuery,
  ZActivityUploadResult,
  ZCheckedIn,
  ZCheckIn,
  ZCompetition,
  ZEntry,
  ZNewActivity,
  ZNewActivityHire,
  ZNewCompetition,
  ZNewEntrant,
  ZNewResult,
  ZPromotion,
  ZPromotionDecision,
  ZPromotionRule,
  ZNewPromotionRule,
  ZResultRecorded,
  ZRosterLine,
  ZSignedUp,
} from './field.schema.ts';

const ORGANISERS = ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] as const;
const CONTEST_ROLES = ['province_admin', 'city_officer', 'department_officer'] as const;
const activityParams = z.object({ id: z.string().max(64) });
const entryParams = z.object({ id: z.string().max(64), entryId: z.string().max(64) });

/** Field activities and competitions (docs/field-activities.md). */
export function fieldRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/activities',
    {
      config: { access: 'public' },
      schema: {
        tags: ['field'],
        summary: '技能活动日历（公开；scope=mine 为本单位组织的活动）/ the field-activity calendar',
        querystring: ZActivityQuery,
        response: { 200: pageOf(ZActivity) },
      },
    },
    async (req) => listActivities(ctx.db, req.actor ?? null, req.query),
  );
  r.post(
    '/api/activities',
    {
      config: { access: [...ORGANISERS] },
      schema: {
        tags: ['field'],
        summary: '登记技能活动 / put an activity on the calendar',
        body: ZNewActivity,
        response: { 201: ZActivityCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createActivity(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/activities/upload',
    {
      config: { access: [...ORGANISERS] },
      schema: {
        tags: ['field'],
        summary: '批量导入活动（CSV/XLSX，逐行校验，好行保留）/ upload an activity list',
        response: { 201: ZActivityUploadResult },
      },
    },
    async (req, reply) => {
      const part = await req.file();
      if (!part) throw new Invalid('NO_FILE', '请选择活动清单文件', 'no file was uploaded');
      const ext = part.filename.toLowerCase().endsWith('.xlsx') ? '.xlsx' : '.csv';
      const file = path.join(os.tmpdir(), `activities-${newId()}${ext}`);
      await pipeline(part.file, fs.createWriteStream(file));
      try {
        return reply.status(201).send(await uploadActivities(ctx.db, actorOf(req), file, part.filename));
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  );
  r.post(
    '/api/activities/:id/signups',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['field'],
        summary: '报名参加活动（得签到码）/ sign up for an activity',
        params: activityParams,
        response: { 201: ZSignedUp },
      },
    },
    async (req, reply) => reply.status(201).send(await signUp(ctx.db, actorOf(req), req.params.id)),
  );
  r.get(
    '/api/activities/:id/roster',
    {
      config: { access: [...ORGANISERS] },
      schema: {
        tags: ['field'],
        summary: '报名与签到名单 / who signed up, came and was hired',
        params: activityParams,
        response: { 200: z.array(ZRosterLine) },
      },
    },
    async (req) => activityRoster(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/activities/:id/checkins',
    {
      config: { access: [...ORGANISERS] },
      schema: {
        tags: ['field'],
        summary: '现场签到（输入劳动者的签到码）/ check a worker in with their code',
        params: activityParams,
        body: ZCheckIn,
        response: { 200: ZCheckedIn },
      },
    },
    async (req) => checkIn(ctx.db, actorOf(req), req.params.id, req.body.code),
  );
  r.post(
    '/api/activities/:id/hires',
    {
      config: { access: [...ORGANISERS] },
      schema: {
        tags: ['field'],
        summary: '登记活动录用（招聘会等）/ record a hire from the activity',
        params: activityParams,
        body: ZNewActivityHire,
        response: { 201: ZActivityHireRecorded },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordActivityHire(ctx.db, actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/activities/hires',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['field'],
        summary: '活动招聘录用（按活动类型与城市）/ hired from activities, by kind and city',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.array(ZActivityHiresLine) },
      },
    },
    async (req) => hiresFromActivities(ctx.db, actorOf(req), req.query.year),
  );
  r.get(
    '/api/competitions',
    {
      config: { access: [...CONTEST_ROLES] },
      schema: {
        tags: ['field'],
        summary: '职业技能竞赛 / contests',
        response: { 200: z.array(ZCompetition) },
      },
    },
    async (req) => listCompetitions(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/competitions',
    {
      config: { access: [...CONTEST_ROLES] },
      schema: {
        tags: ['field'],
        summary: '登记竞赛 / announce a contest',
        body: ZNewCompetition,
        response: { 201: z.object({ competitionId: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createCompetition(ctx.db, actorOf(req), req.body)),
  );
  r.get(
    '/api/competitions/:id/entries',
    {
      config: { access: [...CONTEST_ROLES] },
      schema: {
        tags: ['field'],
        summary: '参赛选手与成绩 / entrants and results',
        params: activityParams,
        response: { 200: z.array(ZEntry) },
      },
    },
    async (req) => listEntries(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/competitions/:id/entries',
    {
      config: { access: [...CONTEST_ROLES] },
      schema: {
        tags: ['field'],
        summary: '登记参赛选手 / enter a person',
        params: activityParams,
        body: ZNewEntrant,
        response: { 201: z.object({ entryId: z.string() }) },
      },
    },
    async (req, reply) => {
      const id = req.body.idNumber.trim().toUpperCase();
      const p = checkIdNumber(id);
      if (p) throw new Invalid(p.reason, p.zh, p.en, { field: 'idNumber' });
      return reply.status(201).send(
        await addEntrant(ctx.db, actorOf(req), req.params.id, {
          personKey: ctx.vault.blindIndex(id),
          unit: req.body.unit,
        }),
      );
    },
  );
  r.post(
    '/api/competitions/:id/entries/:entryId/result',
    {
      config: { access: [...CONTEST_ROLES] },
      schema: {
        tags: ['field'],
        summary: '登记成绩（名次、分数、奖项）/ record a result',
        params: entryParams,
        body: ZNewResult,
        response: { 200: ZResultRecorded },
      },
    },
    async (req) => recordResult(ctx.db, actorOf(req), req.params.id, req.params.entryId, req.body),
  );
  r.get(
    '/api/promotions',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['field'],
        summary: '竞赛晋升记录 / promotion records from contest results',
        querystring: z.object({ status: z.enum(['proposed', 'confirmed', 'rejected']).optional() }),
        response: { 200: z.array(ZPromotion) },
      },
    },
    async (req) => listPromotions(ctx.db, actorOf(req), req.query.status),
  );
  r.get(
    '/api/promotion-rules',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['field'],
        summary: '竞赛晋升规则（各版本）/ the contest promotion rule, every version',
        response: { 200: z.array(ZPromotionRule) },
      },
    },
    async (req) => listPromotionRules(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/promotion-rules',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['field'],
        summary: '设定竞赛晋升规则（自某日起）/ set the contest promotion rule from a day on',
        body: ZNewPromotionRule,
        response: { 200: ZPromotionRule },
      },
    },
    async (req) => setPromotionRule(ctx.db, actorOf(req), req.body),
  );
  r.post(
    '/api/promotions/:id/decision',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['field'],
        summary: '确认或不予晋升（不发证书）/ confirm or reject a promotion (issues no certificate)',
        params: activityParams,
        body: ZPromotionDecision,
        response: { 200: z.object({ promotionId: z.string(), status: z.enum(['confirmed', 'rejected']) }) },
      },
    },
    async (req) => decidePromotion(ctx.db, actorOf(req), req.params.id, req.body.decision, req.body.note),
  );
}
