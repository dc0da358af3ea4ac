import type { Db } from '../../db/client.ts';
import { addDays } from '../../kernel/dates.ts';

/**
 * Makes `wanted` the shortage list from `from` on (locked, in the caller's transaction): occupations
 * leaving end the day before (or vanish if they had not started), joining ones start on `from`.
 */
export async function replaceShortageList(tx: Db, wanted: string[], from: string) {
  const current = await tx.query<{ occupation_code: string; valid_from: string }>(
    'SELECT occupation_code, valid_from FROM shortage_list WHERE valid_to IS NULL OR valid_to >= $1 FOR UPDATE',
    [from],
  );
  const leaving = current.filter((c) => !wanted.includes(c.occupation_code));
  for (const c of leaving) {
    if (c.valid_from >= from)
      await tx.query('DELETE FROM shortage_list WHERE occupation_code = $1 AND valid_from = $2', [
        c.occupation_code,
        c.valid_from,
      ]);
    else
      await tx.query('UPDATE shortage_list SET valid_to = $3 WHERE occupation_code = $1 AND valid_from = $2', [
        c.occupation_code,
        c.valid_from,
        addDays(from, -1),
      ]);
  }
  const staying = new Set(current.map((c) => c.occupation_code));
  const joining = wanted.filter((c) => !staying.has(c));
  for (const code of joining)
    await tx.query('INSERT INTO shortage_list (occupation_code, valid_from, valid_to) VALUES ($1,$2,NULL)', [
      code,
      from,
    ]);
  return { current, leaving, joining };
}
