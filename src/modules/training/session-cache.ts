import type { Db } from '../../db/client.ts';
import { slotFromRow, type SessionRow, type SessionSlot } from './attendance-ratio.ts';

/** A project's sessions as settlement judges attendance against them. */
export interface ProjectSession extends SessionSlot {
  projectCode: string;
}

/**
 * The sessions of projects, read once per settlement run and kept by project. A batch of a
 * thousand applicants touches up to a thousand projects, and a city's projects come back in batch
 * after batch: reading their sessions again each time was a million rows per city run for 36,000
 * sessions (bench/RESULTS.md, session 14). A run judges every batch against the sessions as they
 * were when it first needed them. Bounded: past `limit` projects (about 3 KB each at 15 sessions,
 * so 15 MB at the default, within settlement's 192 MB heap) it starts afresh: a province run then
 * reads some projects again, never holds them all.
 */
export class SessionCache {
  private readonly byProject = new Map<string, ProjectSession[]>();
  constructor(private readonly limit = 5_000) {}

  async of(db: Db, projectCodes: string[]): Promise<Map<string, ProjectSession[]>> {
    const missing = projectCodes.filter((c) => !this.byProject.has(c));
    if (this.byProject.size + missing.length > this.limit) this.byProject.clear();
    const wanted = this.byProject.size === 0 ? projectCodes : missing;
    if (wanted.length > 0) {
      // Instants as epoch milliseconds: cheaper to parse than timestamptz text (attendance-read.ts).
      const rows = await db.query<SessionRow & { project_code: string }>(
        `SELECT project_code, session_no, floor(extract(epoch FROM starts_at) * 1000)::float8 AS starts_at,
           floor(extract(epoch FROM ends_at) * 1000)::float8 AS ends_at, site_lat, site_lon, mode
         FROM training.sessions WHERE project_code = ANY($1::text[])`,
        [wanted],
      );
      for (const c of wanted) this.byProject.set(c, []);
      for (const s of rows)
        this.byProject.get(s.project_code)!.push({ projectCode: s.project_code, ...slotFromRow(s) });
    }
    return new Map(projectCodes.map((c) => [c, this.byProject.get(c)!]));
  }
}
