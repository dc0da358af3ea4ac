import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { DEFAULT_LEARNING_PARAMS, type TLearningParams } from './learning.policy.ts';

/** The learning policy in force: the province's stored parameters over the documented defaults. */
export async function learningParams(db: Db): Promise<TLearningParams> {
  const [row] = await db.query<{ params: Partial<TLearningParams> }>('SELECT params FROM learning_policy WHERE id = 1');
  return { ...DEFAULT_LEARNING_PARAMS, ...(row?.params ?? {}) };
}

/** The province sets the learning policy's parameters (audited with before and after). */
export async function setLearningParams(
  db: Db,
  actor: Actor,
  params: TLearningParams,
  clock: Clock = systemClock,
): Promise<TLearningParams> {
  if (actor.role !== 'province_admin') throw new Forbidden();
  const before = await learningParams(db);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO learning_policy (id, params, updated_by, updated_at) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET params = $1, updated_by = $2, updated_at = $3`,
      [JSON.stringify(params), actorName(actor), clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.policy.set',
          entity: 'learning_policy',
          entityId: '1',
          before,
          after: params,
        },
      ],
      clock,
    );
  });
  return params;
}
