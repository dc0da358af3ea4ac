import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorName, ROLE_NAMES } from '../../kernel/auth.ts';
import { actorOf, SESSION_COOKIE } from '../../http/auth.ts';
import { changeAccount, createAccount, listUsers, login, logout, scopeNames } from './accounts.service.ts';
import {
  ZCreatedUser,
  ZLogin,
  ZLoginAnswer,
  ZMe,
  ZNewUser,
  ZSignedOut,
  ZUserChange,
  ZUserListItem,
} from './accounts.schema.ts';
import { assertMayChangeAccount, assertMayCreateAccount } from './accounts.policy.ts';

/** HttpOnly and SameSite always; Secure in production, where the site is served over HTTPS. */
function sessionCookieOptions(ctx: AppContext, expires?: Date) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.config.env === 'production',
    ...(expires ? { expires } : {}),
  };
}

export function accountRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/auth/login',
    {
      config: { access: 'public', rollups: false },
      schema: {
        tags: ['accounts'],
        body: ZLogin,
        summary:
          '登录（Cookie 会话；API 客户端传 "bearer": true 取得令牌）/ sign in (cookie session; API clients send "bearer": true to get a token)',
        description:
          '会话放在 HttpOnly Cookie 中；需要 Bearer 令牌的 API 客户端发送 `"bearer": true` 才会在响应中得到 `token`。/ ' +
          'The session is set as an HttpOnly cookie; API clients that need a bearer token send `"bearer": true` to receive `token` in the body.',
        response: { 200: ZLoginAnswer },
      },
    },
    async (req, reply) => {
      const s = await login(ctx.db, req.body.username, req.body.password, { ...ctx.config, address: req.ip });
      reply.setCookie(SESSION_COOKIE, s.token, sessionCookieOptions(ctx, s.expiresAt));
      return {
        ...(req.body.bearer ? { token: s.token } : {}),
        expiresAt: s.expiresAt.toISOString(),
        actor: { ...s.actor, directories: s.actor.directories ?? [], holderId: s.actor.holderId ?? null },
      };
    },
  );
  r.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated', rollups: false },
      schema: { tags: ['accounts'], summary: '退出 / sign out', response: { 200: ZSignedOut } },
    },
    async (req, reply) => {
      await logout(ctx.db, req.sessionToken!, actorOf(req));
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(ctx));
      return { ok: true as const };
    },
  );
  r.get(
    '/api/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: '当前用户及其权限范围 / the signed-in user and scope',
        response: { 200: ZMe },
      },
    },
    async (req) => {
      const a = actorOf(req);
      return {
        ...a,
        directories: a.directories ?? [],
        holderId: a.holderId ?? null,
        roleName: ROLE_NAMES[a.role],
        ...(await scopeNames(ctx.db, a)),
      };
    },
  );
  r.get(
    '/api/users',
    {
      config: { access: ['province_admin'] },
      schema: { tags: ['accounts'], summary: '账号列表 / accounts', response: { 200: z.array(ZUserListItem) } },
    },
    async () => listUsers(ctx.db),
  );
  r.post(
    '/api/users',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['accounts'],
        summary: '新建账号（劳动者账号凭身份证号关联实名人员）/ create an account (a worker’s by ID number)',
        body: ZNewUser,
        response: { 201: ZCreatedUser },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      assertMayCreateAccount(actor, req.body);
      const created = await createAccount(ctx.db, ctx.vault, actorName(actor), req.body, {
        production: ctx.config.env === 'production',
      });
      return reply.status(201).send(created);
    },
  );
  r.patch(
    '/api/users/:id',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['accounts'],
        summary: '编辑账号（显示名；联络员的目标承担单位）/ change an account (display name; a liaison’s holder)',
        params: z.object({ id: z.string().max(64) }),
        body: ZUserChange,
        response: { 200: ZCreatedUser },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      assertMayChangeAccount(actor);
      return changeAccount(ctx.db, actorName(actor), req.params.id, req.body);
    },
  );
}
