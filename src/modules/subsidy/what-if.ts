import { Invalid } from '../../kernel/errors.ts';
import type { Db } from '../../db/client.ts';
import { CLAIM_PHASES, CountedIndex, countedOfDecided, decideBatch, loadReferenceMaps } from './settle-applications.ts';
import { loadPolicy, type LoadedPolicy } from './policy.repo.ts';
import type { PolicyParams } from './policy.ts';

export interface WhatIfOptions {
  from: string;
  to: string;
  /** Changes to the current policy's numbers (e.g. { cityFactorBp: { '320100': 12000 } }). */
  draft: Partial<PolicyParams>;
}

export interface WhatIfRow {
  cityCode: string;
  actualApproved: number;
  draftApproved: number;
  actualFen: number;
  draftFen: number;
  changedDecisions: number;
}

/**
 * 测算: re-decides every application applied in [from, to] under a draft policy, in memory, and
 * reports the difference in approvals and money by city. Writes nothing.
 */
/** What-if re-decides a period in memory: at most the plan's three years (2025–2027) at a time, so one request cannot occupy the server without end. */
export const WHAT_IF_MAX_DAYS = 1096;
export function assertWhatIfPeriod(from: string, to: string): void {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw new Invalid('END_BEFORE_START', '截止日期早于起始日期', 'the period ends before it starts');
  if (days > WHAT_IF_MAX_DAYS)
    throw new Invalid(
      'PERIOD_TOO_LONG',
      `测算期间最长 ${WHAT_IF_MAX_DAYS} 天，请分段测算`,
      `a what-if covers at most ${WHAT_IF_MAX_DAYS} days; run it per period`,
    );
}

export async function whatIf(db: Db, opts: WhatIfOptions): Promise<WhatIfRow[]> {
  const current = await loadPolicy(db, undefined, opts.to);
  const draft: LoadedPolicy = {
    ...current,
    code: `${current.code}(draft)`,
    params: {
      ...current.params,
      ...opts.draft,
      cityFactorBp: { ...current.params.cityFactorBp, ...(opts.draft.cityFactorBp ?? {}) },
    },
  };
  const refs = await loadReferenceMaps(db);
  const persons = (
    await db.query<{ person_key: string }>(
      'SELECT DISTINCT person_key FROM applications WHERE applied_on BETWEEN $1 AND $2 ORDER BY 1',
      [opts.from, opts.to],
    )
  ).map((r) => r.person_key);
  const actual = new Map(
    (
      await db.query<{ application_id: string; decision: string; amount_fen: number; city_code: string }>(
        'SELECT application_id, decision, amount_fen, city_code FROM decisions WHERE applied_on BETWEEN $1 AND $2',
        [opts.from, opts.to],
      )
    ).map((d) => [d.application_id, d]),
  );
  const rows = new Map<string, WhatIfRow>();
  const row = (city: string) => {
    if (!rows.has(city))
      rows.set(city, {
        cityCode: city,
        actualApproved: 0,
        draftApproved: 0,
        actualFen: 0,
        draftFen: 0,
        changedDecisions: 0,
      });
    return rows.get(city)!;
  };
  for (const a of actual.values()) {
    if (a.decision !== 'approved') continue;
    const r = row(a.city_code);
    r.actualApproved++;
    r.actualFen += a.amount_fen;
  }
  // As settlement: own claims first, then claims on another person's certificate, which see the
  // re-decided counted decisions of this what-if that precede them.
  const redecided = new CountedIndex();
  for (const claims of CLAIM_PHASES) {
    for (let i = 0; i < persons.length; i += 1000) {
      for (const d of await decideBatch(
        db,
        persons.slice(i, i + 1000),
        { asOf: opts.to, redecideFrom: opts.from, claims, inMemory: redecided },
        draft,
        refs,
      )) {
        if (d.decision.decision !== 'rejected') redecided.add(countedOfDecided(d));
        const r = row(d.decision.cityCode);
        if (d.decision.decision === 'approved') {
          r.draftApproved++;
          r.draftFen += d.decision.amountFen;
        }
        const was = actual.get(d.c.app.applicationId);
        if (!was || was.decision !== d.decision.decision || was.amount_fen !== d.decision.amountFen)
          r.changedDecisions++;
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.cityCode.localeCompare(b.cityCode));
}
