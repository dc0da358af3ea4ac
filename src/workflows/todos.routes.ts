import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { myTodos } from './todos.ts';
import { ZTodo } from './todos.schema.ts';

/** 我的待办: counts from several modules' lists, so a workflow's route. */
export function todoRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/me/todos',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary:
          '我的待办：按角色和权限范围计数，每项链接到筛选好的列表 / my to-dos: counts in my scope, each linking to the filtered list',
        response: { 200: z.array(ZTodo) },
      },
    },
    async (req) => myTodos(ctx.db, actorOf(req)),
  );
}
