import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { actorOf } from '../../http/auth.ts';
import { getProject, listProjects } from './training.service.ts';
import { ingestAttendance, registerDevice } from './attendance-ingest.ts';
import { liveSession } from './live-session.ts';
import { loadPolicy } from '../subsidy/index.ts';

export function trainingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/devices', {
    config: { access: ['institution_staff'] },
    schema: { tags: ['training'], summary: '登记考勤设备（密钥只显示一次）/ register an attendance device', body: z.object({ deviceId: z.string(), kind: z.string() }) },
  }, async (req, reply) => reply.status(201).send(await registerDevice(ctx.db, actorOf(req), req.body)));
  r.post('/api/attendance/events', {
    config: { access: 'device' },
    schema: {
      tags: ['training'], summary: '考勤事件上报（设备认证 Authorization: Device id:secret；每批≤500；幂等）/ attendance events from a device',
      body: z.object({ events: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).min(1).max(500) }),
    },
  }, async (req) => ingestAttendance(ctx.db, ctx.vault, req.device!, req.body.events));
  r.get('/api/projects/:code/sessions/:no/live', {
    config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
    schema: { tags: ['training'], summary: '课堂实时考勤（云眸）/ live class view', params: z.object({ code: z.string(), no: z.coerce.number().int() }) },
  }, async (req) => liveSession(ctx.db, actorOf(req), req.params.code, req.params.no, (await loadPolicy(ctx.db)).params.attendance));
  r.get('/api/projects', {
    config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff', 'worker'] },
    schema: { tags: ['training'], summary: '培训项目 / projects in the caller’s scope', querystring: z.object({ city: z.string().optional() }) },
  }, async (req) => listProjects(ctx.db, actorOf(req), req.query));
  r.get('/api/projects/:code', {
    config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] },
    schema: { tags: ['training'], summary: '项目详情 / a project with its sessions', params: z.object({ code: z.string() }) },
  }, async (req) => getProject(ctx.db, actorOf(req), req.params.code));
}
