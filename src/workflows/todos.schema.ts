import { z } from 'zod';
import { TODO_KEYS } from './todos.ts';

/** One card on the home page: what waits, how many, and the list that shows exactly those. */
export const ZTodo = z
  .object({
    key: z.enum(TODO_KEYS),
    count: z.number().int(),
    link: z.string(),
  })
  .meta({ id: 'Todo' });
