import { Invalid } from '../../kernel/errors.ts';
import type { Db } from '../../db/client.ts';
import { CLAIM_PHASES, CountedIndex, countedOfDecided, decideBatch, loadReferenceMaps } from './settle-applications.ts';
import { loadPolicy, type LoadedPolicy } from './policy.repo.ts';
import type { PolicyParams } from './policy.ts';

export interface WhatIfOptions {
  from: string;
  to: string;
  /** A whole province version to weigh (a stored draft); the cities' approved factors still apply. */
  params?: PolicyParams;
  /** Changes to the current policy's numbers (e.g. { cityFactorBp: { '320100': 12000 } }). */
  draft?: Partial<PolicyParams>;
  /** A city officer's what-if: only decisions of this city are counted. */
  cityCode?: string | null;
}

/** Before/after of one group (a city, a subsidy type or a certificate level). */
export interface WhatIfGroup {
  key: string;
  actualApproved: number;
  draftApproved: number;
  actualFen: number;
  draftFen: number;
  changedDecisions: number;
}

export interface WhatIfReport {
  byCity: WhatIfGroup[];
  byType: WhatIfGroup[];
  /** Certificate level; '' for kinds without a level. */
  byLevel: WhatIfGroup[];
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

export async function whatIf(db: Db, opts: WhatIfOptions): Promise<WhatIfReport> {
  const current = await loadPolicy(db, undefined, opts.to);
  // The cities' own approved factors stand whatever the province version (versions fold them in).
  const cityFactors = Object.fromEntries(
    Object.keys(current.cityVersions).map((c) => [c, current.params.cityFactorBp[c]]),
  );
  const base = opts.params
    ? { ...opts.params, cityFactorBp: { ...opts.params.cityFactorBp, ...cityFactors } }
    : current.params;
  const draft: LoadedPolicy = {
    ...current,
    timeline: undefined,
    code: `${current.code}(draft)`,
    params: {
      ...base,
      ...opts.draft,
      cityFactorBp: { ...base.cityFactorBp, ...(opts.draft?.cityFactorBp ?? {}) },
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
      await db.query<{
        application_id: string;
        decision: string;
        amount_fen: number;
        city_code: string;
        type: string;
        level: string | null;
      }>(
        'SELECT application_id, decision, amount_fen::int AS amount_fen, city_code, type, level FROM decisions WHERE applied_on BETWEEN $1 AND $2',
        [opts.from, opts.to],
      )
    ).map((d) => [d.application_id, d]),
  );
  const groups = {
    byCity: new Map<string, WhatIfGroup>(),
    byType: new Map<string, WhatIfGroup>(),
    byLevel: new Map<string, WhatIfGroup>(),
  };
  const rowsOf = (k: { city: string; type: string; level: string | null }) =>
    [
      [groups.byCity, k.city],
      [groups.byType, k.type],
      [groups.byLevel, k.level ?? ''],
    ].map(([m, key]) => {
      const map = m as Map<string, WhatIfGroup>;
      if (!map.has(key as string))
        map.set(key as string, {
          key: key as string,
          actualApproved: 0,
          draftApproved: 0,
          actualFen: 0,
          draftFen: 0,
          changedDecisions: 0,
        });
      return map.get(key as string)!;
    });
  const inScope = (city: string) => !opts.cityCode || city === opts.cityCode;
  for (const a of actual.values()) {
    if (a.decision !== 'approved' || !inScope(a.city_code)) continue;
    for (const r of rowsOf({ city: a.city_code, type: a.type, level: a.level })) {
      r.actualApproved++;
      r.actualFen += Number(a.amount_fen);
    }
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
        if (!inScope(d.decision.cityCode)) continue;
        const rows = rowsOf({ city: d.decision.cityCode, type: d.c.app.type, level: d.c.cert?.level ?? null });
        const was = actual.get(d.c.app.applicationId);
        const changed = !was || was.decision !== d.decision.decision || Number(was.amount_fen) !== d.decision.amountFen;
        for (const r of rows) {
          if (d.decision.decision === 'approved') {
            r.draftApproved++;
            r.draftFen += d.decision.amountFen;
          }
          if (changed) r.changedDecisions++;
        }
      }
    }
  }
  const sorted = (m: Map<string, WhatIfGroup>) => [...m.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { byCity: sorted(groups.byCity), byType: sorted(groups.byType), byLevel: sorted(groups.byLevel) };
}
