import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { actorName, ROLE_NAMES, ROLES } from '../../kernel/auth.ts';
import { actorOf, SESSION_COOKIE } from '../../http/auth.ts';
import { createUser, listUsers, login, logout } from './accounts.service.ts';

export const ZLogin = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
export const ZNewUser = z.object({
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/),
  displayName: z.string().min(1).max(100),
  password: z.string().min(8).max(200),
  role: z.enum(ROLES),
  cityCode: z.string().nullish(),
  institutionCode: z.string().nullish(),
  enterpriseCode: z.string().nullish(),
  sectors: z.array(z.string()).optional(),
  keyTasks: z.array(z.number().int().min(1).max(15)).optional(),
});

export function accountRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/auth/login', { config: { access: 'public' }, schema: { tags: ['accounts'], summary: '登录 / sign in', body: ZLogin } }, async (req, reply) => {
    const s = await login(ctx.db, req.body.username, req.body.password, ctx.config);
    reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'strict', expires: s.expiresAt });
    return { token: s.token, expiresAt: s.expiresAt.toISOString(), actor: s.actor };
  });
  r.post('/api/auth/logout', { config: { access: 'authenticated' }, schema: { tags: ['accounts'], summary: '退出 / sign out' } }, async (req, reply) => {
    await logout(ctx.db, req.sessionToken!, actorOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  r.get('/api/me', { config: { access: 'authenticated' }, schema: { tags: ['accounts'], summary: '当前用户及其权限范围 / the signed-in user and scope' } }, async (req) => {
    const a = actorOf(req);
    const [city] = a.cityCode ? await ctx.db.query<{ name: string }>('SELECT name FROM cities WHERE code = $1', [a.cityCode]) : [];
    const [inst] = a.institutionCode ? await ctx.db.query<{ name: string }>('SELECT name FROM institutions WHERE credit_code = $1', [a.institutionCode]) : [];
    const [ent] = a.enterpriseCode ? await ctx.db.query<{ name: string }>('SELECT name FROM enterprises WHERE credit_code = $1', [a.enterpriseCode]) : [];
    return { ...a, roleName: ROLE_NAMES[a.role], cityName: city?.name ?? null, institutionName: inst?.name ?? null, enterpriseName: ent?.name ?? null };
  });
  r.get('/api/users', { config: { access: ['province_admin'] }, schema: { tags: ['accounts'], summary: '账号列表 / accounts' } }, async () => listUsers(ctx.db));
  r.post('/api/users', { config: { access: ['province_admin'] }, schema: { tags: ['accounts'], summary: '新建账号 / create an account', body: ZNewUser } }, async (req, reply) => {
    const created = await createUser(ctx.db, actorName(req.actor), req.body);
    return reply.status(201).send(created);
  });
}
