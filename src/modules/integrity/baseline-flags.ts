import type { Db } from '../../db/client.ts';

/**
 * The two baseline integrity flags of policy.md § Integrity flags, as set-based SQL over all
 * attendance. Idempotent: a record is flagged once per code (unique index).
 */
export async function detectBaselineFlags(db: Db): Promise<{ proxyDevice: number; impossiblePresence: number }> {
  // PROXY_DEVICE: a mobile_app device used for ≥ 2 persons in one session → every record of that device there.
  const proxy = await db.query(
    `WITH rings AS (
       SELECT project_code, session_no, device_id, count(DISTINCT person_key) AS persons
       FROM training.attendance WHERE method = 'mobile_app' AND device_id IS NOT NULL
       GROUP BY project_code, session_no, device_id HAVING count(DISTINCT person_key) >= 2)
     INSERT INTO flags (code, attendance_id, project_code, session_no, person_key, device_id, detail)
     SELECT 'PROXY_DEVICE', a.id, a.project_code, a.session_no, a.person_key, a.device_id,
            r.persons || ' persons on one phone'
     FROM training.attendance a JOIN rings r USING (project_code, session_no, device_id)
     ON CONFLICT (code, attendance_id) DO NOTHING RETURNING 1`,
  );
  // IMPOSSIBLE_PRESENCE: one person, two records of different sessions whose intervals overlap strictly.
  const presence = await db.query(
    `WITH pairs AS (
       SELECT a.id AS a_id, b.id AS b_id
       FROM training.attendance a JOIN training.attendance b
         ON b.person_key = a.person_key AND b.id <> a.id
        AND (b.project_code, b.session_no) <> (a.project_code, a.session_no)
        AND a.check_in_at < b.check_out_at AND b.check_in_at < a.check_out_at),
     flagged AS (SELECT a_id AS id FROM pairs UNION SELECT b_id FROM pairs)
     INSERT INTO flags (code, attendance_id, project_code, session_no, person_key, device_id, detail)
     SELECT 'IMPOSSIBLE_PRESENCE', a.id, a.project_code, a.session_no, a.person_key, a.device_id, 'overlapping sessions'
     FROM training.attendance a JOIN flagged f ON f.id = a.id
     ON CONFLICT (code, attendance_id) DO NOTHING RETURNING 1`,
  );
  return { proxyDevice: proxy.length, impossiblePresence: presence.length };
}

/** Flag codes on each (person, project) pair asked for, as `person|project` → codes. */
export async function flagCodesFor(
  db: Db,
  pairs: { personKey: string; projectCode: string }[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (pairs.length === 0) return out;
  const rows = await db.query<{ person_key: string; project_code: string; codes: string[] }>(
    `SELECT person_key, project_code, array_agg(DISTINCT code) AS codes FROM flags
     WHERE (person_key, project_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       AND status <> 'dismissed'
     GROUP BY person_key, project_code`,
    [pairs.map((p) => p.personKey), pairs.map((p) => p.projectCode)],
  );
  for (const r of rows) out.set(`${r.person_key}|${r.project_code}`, r.codes);
  return out;
}
