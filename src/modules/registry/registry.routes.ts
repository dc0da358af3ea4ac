import { z } from 'zod';
import { fileResponse, XLSX } from '../../kernel/schemas.ts';
import { ZPageQuery } from '../../kernel/listing.ts';
import { catalogNames } from '../catalog/index.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import {
  getInstitution,
  getPerson,
  likelyDuplicatePersons,
  listInstitutions,
  listPersons,
  searchPersons,
  setInstitutionCapacity,
} from './registry.service.ts';
import { sendXlsx, toXlsx } from '../../http/xlsx.ts';
import {
  ZCapacitySet,
  ZDuplicateGroup,
  ZInstitutionDetail,
  ZInstitutionListItem,
  ZInstitutionQuery,
  ZPersonDetail,
  ZPersonList,
  ZPersonMatch,
  ZPersonSearchQuery,
} from './registry.schema.ts';

const OFFICIALS = ['province_admin', 'city_officer'] as const;

/** What the persons table filters by (and its export). */
const personFilter = z.object({
  q: z.string().max(64).optional(),
  city: z.string().max(12).optional(),
  group: z.string().max(4).optional(),
  ...ZPageQuery,
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function registryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/persons',
    {
      config: { access: [...OFFICIALS, 'institution_staff'] },
      schema: {
        tags: ['registry'],
        summary: '实名人员 / persons (scoped, masked)',
        querystring: personFilter,
        response: { 200: ZPersonList },
      },
    },
    async (req) => listPersons(ctx.db, ctx.vault, actorOf(req), req.query),
  );
  r.get(
    '/api/persons/search',
    {
      config: { access: [...OFFICIALS, 'institution_staff'] },
      schema: {
        tags: ['registry'],
        summary:
          '选人：按姓名或脱敏身份证号查找（市级本市，机构仅本机构项目中的人员）/ find persons by name or masked ID for a picker (city: its residents; institution: persons in its projects)',
        querystring: ZPersonSearchQuery,
        response: { 200: z.array(ZPersonMatch) },
      },
    },
    async (req) => searchPersons(ctx.db, ctx.vault, actorOf(req), req.query),
  );
  r.get(
    '/api/persons/:key',
    {
      config: { access: [...OFFICIALS, 'institution_staff', 'worker'] },
      schema: {
        tags: ['registry'],
        summary: '人员详情与变更记录 / a person with history (what the caller may see)',
        params: z.object({ key: z.string().max(128) }),
        response: { 200: ZPersonDetail },
      },
    },
    async (req) => getPerson(ctx.db, ctx.vault, actorOf(req), req.params.key),
  );
  r.get(
    '/api/persons-duplicates',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['registry'],
        summary: '疑似重复人员 / likely duplicate persons (same name, birth date, phone; different ID)',
        response: { 200: z.array(ZDuplicateGroup) },
      },
    },
    async (req) => likelyDuplicatePersons(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/persons.xlsx',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['registry'],
        summary: '导出实名人员 XLSX（当前筛选）/ the filtered persons as XLSX (scoped, masked)',
        querystring: personFilter.omit({ offset: true, limit: true }),
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { items } = await listPersons(ctx.db, ctx.vault, actorOf(req), { ...req.query, limit: 1_000_000 });
      const { group } = await catalogNames(ctx.db);
      const named = items.map((p) => ({ ...p, groups: p.groups.map((g) => group[g]?.zh ?? g) }));
      const buffer = await toXlsx(
        '实名人员',
        [
          ['身份证号 ID', 'id_masked'],
          ['姓名 Name', 'name'],
          ['电话 Phone', 'phone'],
          ['城市 City', 'city_name'],
          ['群体 Groups', 'groups'],
          ['参保月数 Insured months', 'insured_months'],
        ],
        named,
      );
      return sendXlsx(reply, 'persons.xlsx', buffer);
    },
  );
  r.get(
    '/api/institutions.xlsx',
    {
      config: { access: [...OFFICIALS, 'department_officer'] },
      schema: {
        tags: ['registry'],
        summary: '导出机构目录 XLSX / institution directory as XLSX',
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const rows = await listInstitutions(ctx.db, {
        city: a.role === 'city_officer' ? (a.cityCode ?? undefined) : undefined,
      });
      const buffer = await toXlsx(
        '机构目录',
        [
          ['统一社会信用代码 Credit code', 'credit_code'],
          ['名称 Name', 'name'],
          ['资质 Roles', 'roles'],
          ['类型 Type', 'type'],
          ['城市 City', 'city_name'],
          ['入目录 Listed from', 'listed_from'],
          ['黑名单 Blacklisted from', 'blacklisted_from'],
        ],
        rows,
      );
      return sendXlsx(reply, 'institutions.xlsx', buffer);
    },
  );
  r.get(
    '/api/institutions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: '机构目录（公开）/ institution directory',
        querystring: ZInstitutionQuery,
        response: { 200: z.array(ZInstitutionListItem) },
      },
    },
    async (req) => listInstitutions(ctx.db, req.query),
  );
  r.get(
    '/api/institutions/:code',
    {
      config: { access: [...OFFICIALS, 'institution_staff', 'department_officer'] },
      schema: {
        tags: ['registry'],
        summary: '机构详情与变更记录 / an institution with history',
        params: z.object({ code: z.string() }),
        response: { 200: ZInstitutionDetail },
      },
    },
    async (req) => getInstitution(ctx.db, actorOf(req), req.params.code),
  );
  r.post(
    '/api/institutions/:code/capacity',
    {
      config: { access: [...OFFICIALS, 'institution_staff'] },
      schema: {
        tags: ['registry'],
        summary: '登记在训容量 / declare how many trainees the institution can teach at one time',
        params: z.object({ code: z.string() }),
        body: z.object({ capacity: z.number() }),
        response: { 200: ZCapacitySet },
      },
    },
    async (req) => setInstitutionCapacity(ctx.db, actorOf(req), req.params.code, req.body.capacity),
  );
}
