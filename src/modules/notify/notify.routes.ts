import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import { markAllRead, markRead, myNotices, unreadCount } from './notify.service.ts';
import { INBOX_ROLES } from './notify.policy.ts';
import { ZNoticePage, ZNoticeQuery, ZNoticeRead, ZNoticesReadAll, ZUnreadCount } from './notify.schema.ts';

/** The inbox (消息) of every role: own notices only (notify.policy.ts). */
export function notifyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/me/notices',
    {
      config: { access: INBOX_ROLES },
      schema: {
        tags: ['notices'],
        summary: '我的消息 / my notices, newest first, with the unread count',
        querystring: ZNoticeQuery,
        response: { 200: ZNoticePage },
      },
    },
    async (req) =>
      myNotices(ctx.db, actorOf(req), {
        offset: req.query.offset,
        limit: req.query.limit,
        unread: req.query.unread === 'true',
      }),
  );
  r.get(
    '/api/me/notices/unread',
    {
      config: { access: INBOX_ROLES },
      schema: {
        tags: ['notices'],
        summary: '未读消息数 / how many of my notices are unread (the bell)',
        response: { 200: ZUnreadCount },
      },
    },
    async (req) => ({ unread: await unreadCount(ctx.db, actorOf(req)) }),
  );
  r.post(
    '/api/me/notices/:id/read',
    {
      config: { access: INBOX_ROLES, rollups: false },
      schema: {
        tags: ['notices'],
        summary: '标为已读 / mark one of my notices read',
        params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: ZNoticeRead },
      },
    },
    async (req) => markRead(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/me/notices/read-all',
    {
      config: { access: INBOX_ROLES, rollups: false },
      schema: {
        tags: ['notices'],
        summary: '全部标为已读 / mark all my notices read',
        response: { 200: ZNoticesReadAll },
      },
    },
    async (req) => markAllRead(ctx.db, actorOf(req)),
  );
}
