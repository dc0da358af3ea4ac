import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../src/db/client.ts';
import { DEMO_BUNDLE } from '../src/composition/demo.ts';
import { importBundle, exportLines } from '../src/modules/interchange/index.ts';
import { settleApplications } from '../src/modules/subsidy/index.ts';
import { whatIf } from '../src/modules/subsidy/what-if.ts';
import { runSettlement } from '../src/workflows/settle.ts';
import { testContext } from './support/context.ts';

/**
 * policy.md § Order: every application sees the counted decisions before it in (applied_on,
 * application_id) order, whoever made them. How settlement cuts persons into batches must not
 * change a single decision or reason.
 */

const EVALUATOR = '523201001953640571'; // listed for evaluation since 2024-01-01
const OCCUPATIONS = ['6-18-02-04', '6-31-07-01'];
const day = (offset: number) => new Date(Date.UTC(2025, 2, 1) + offset * 86_400_000).toISOString().slice(0, 10);

interface History {
  certs: { owner: number; occupation: number; level: string; issuedOffset: number }[];
  apps: { id: number; person: number; cert: number; type: 'training' | 'skill_upgrade'; appliedOffset: number }[];
}

/** Several persons claiming a few certificates, close together in time (ties on applied_on included). */
const history = (persons: number): fc.Arbitrary<History> =>
  fc.record({
    certs: fc.array(
      fc.record({
        owner: fc.nat(persons - 1),
        occupation: fc.nat(1),
        level: fc.constantFrom('L5', 'L4', 'L3'),
        issuedOffset: fc.integer({ min: -40, max: 0 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    apps: fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 1000, max: 9999 }),
        person: fc.nat(persons - 1),
        cert: fc.nat(4),
        type: fc.constantFrom('training' as const, 'skill_upgrade' as const),
        appliedOffset: fc.integer({ min: 0, max: 20 }),
      }),
      { minLength: 1, maxLength: 12, selector: (a) => a.id },
    ),
  });

describe('settlement decides the same whatever the batch size', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let persons: string[] = [];
  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, DEMO_BUNDLE, { actor: 'test', vault: ctx.vault });
    await runSettlement(ctx, { asOf: '2026-12-31', actor: 'test' });
    // Persons of the nine groups with enough insured months: their claims can be approved, so counted decisions arise.
    persons = (
      await ctx.db.query<{ person_key: string }>(
        `SELECT person_key FROM persons WHERE cardinality(groups) > 0 AND insured_months >= 12 ORDER BY person_key LIMIT 5`,
      )
    ).map((r) => r.person_key);
  }, 120_000);
  afterAll(() => ctx.drop());

  async function write(db: Db, h: History): Promise<void> {
    for (const [i, c] of h.certs.entries()) {
      await db.query(
        `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code) VALUES ($1,$2,$3,'skill_level',$4,$5,$6)`,
        [`PTC${i}`, persons[c.owner], OCCUPATIONS[c.occupation], c.level, day(c.issuedOffset), EVALUATOR],
      );
    }
    for (const a of h.apps) {
      // cert index past the list: an unknown certificate.
      await db.query(
        `INSERT INTO applications (application_id, person_key, type, certificate_no, applied_on) VALUES ($1,$2,$3,$4,$5)`,
        [`PT${a.id}`, persons[a.person], a.type, `PTC${a.cert}`, day(a.appliedOffset)],
      );
    }
  }

  /** Settles the history in two runs (earlier decisions, then the rest) and rolls everything back. */
  async function decisionsWith(h: History, batchPersons: number, crashAfterBatch?: number): Promise<string[]> {
    const rollback = new Error('rollback');
    const crash = new Error('crash');
    let lines: string[] = [];
    await ctx.db
      .transaction(async (tx) => {
        await write(tx, h);
        await settleApplications(tx, { asOf: day(8), actor: 'test', batchPersons });
        if (crashAfterBatch !== undefined) {
          // The process dies after a committed batch (the run stays 'running'); the rerun resumes it.
          await settleApplications(tx, {
            asOf: '2026-12-31',
            actor: 'test',
            batchPersons,
            afterBatch: (n) => {
              if (n === crashAfterBatch) throw crash;
            },
          }).catch((e) => {
            if (e !== crash) throw e;
          });
        }
        await settleApplications(tx, { asOf: '2026-12-31', actor: 'test', batchPersons });
        lines = (await exportLines(tx, 'decisions', { vault: ctx.vault })).filter((l) => l.startsWith('PT'));
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    return lines;
  }

  it('batches of 1, 7 and 1,000 persons give the same decisions export, reasons included', async () => {
    await fc.assert(
      fc.asyncProperty(history(persons.length), async (h) => {
        const one = await decisionsWith(h, 1);
        expect(one).toHaveLength(h.apps.length);
        expect(await decisionsWith(h, 7)).toEqual(one);
        expect(await decisionsWith(h, 1000)).toEqual(one);
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('a settlement that dies after any batch and is run again decides as one uninterrupted run', async () => {
    await fc.assert(
      fc.asyncProperty(history(persons.length), fc.nat(8), async (h, crashAfter) => {
        expect(await decisionsWith(h, 1, crashAfter)).toEqual(await decisionsWith(h, 1));
      }),
      { numRuns: 20 },
    );
  }, 300_000);

  // The two cases behind the property, spelled out (persons are batched in person_key order, and
  // persons[0] sorts before persons[1]). The owner's approved claim precedes another person's claim
  // on the same certificate, and the owner is decided in a later batch:
  it('another person’s later claim on a subsidized certificate lists CERT_ALREADY_SUBSIDIZED in any batch', async () => {
    const h: History = {
      certs: [{ owner: 1, occupation: 0, level: 'L4', issuedOffset: -10 }],
      apps: [
        { id: 1001, person: 1, cert: 0, type: 'training', appliedOffset: 1 },
        { id: 1002, person: 0, cert: 0, type: 'training', appliedOffset: 2 },
      ],
    };
    for (const size of [1, 1000]) {
      const lines = await decisionsWith(h, size);
      expect(lines[0], `batch ${size}`).toMatch(/^PT1001,approved,/);
      expect(lines[1], `batch ${size}`).toMatch(
        /^PT1002,rejected,0\.00,CERT_ALREADY_SUBSIDIZED;CERT_OTHER_PERSON\r?\n$/,
      );
    }
  });

  // … and the reverse: the owner is decided in an earlier batch, but claims after the other person.
  it('an earlier claim by another person does not see the owner’s later decision', async () => {
    const h: History = {
      certs: [{ owner: 0, occupation: 0, level: 'L4', issuedOffset: -10 }],
      apps: [
        { id: 1001, person: 1, cert: 0, type: 'training', appliedOffset: 1 },
        { id: 1002, person: 0, cert: 0, type: 'training', appliedOffset: 2 },
      ],
    };
    for (const size of [1, 1000]) {
      const lines = await decisionsWith(h, size);
      expect(lines[0], `batch ${size}`).toMatch(/^PT1001,rejected,0\.00,CERT_OTHER_PERSON\r?\n$/);
      expect(lines[1], `batch ${size}`).toMatch(/^PT1002,approved,/);
    }
  });

  // A crash between the phases: the owner's claim is decided, the earlier foreign claim is not yet.
  it('after a crash the rerun still sees the owner’s decision in policy order, not as an earlier run’s', async () => {
    const h: History = {
      certs: [{ owner: 0, occupation: 0, level: 'L4', issuedOffset: -10 }],
      apps: [
        { id: 1001, person: 1, cert: 0, type: 'training', appliedOffset: 10 },
        { id: 1002, person: 0, cert: 0, type: 'training', appliedOffset: 11 },
      ],
    };
    const lines = await decisionsWith(h, 1, 0); // both applied after the first run's as-of date
    expect(lines[0]).toMatch(/^PT1001,rejected,0\.00,CERT_OTHER_PERSON\r?\n$/);
    expect(lines[1]).toMatch(/^PT1002,approved,/);
  });

  it('a what-if under the same policy reproduces the decisions of a period with claims across persons', async () => {
    const h: History = {
      certs: [{ owner: 1, occupation: 0, level: 'L4', issuedOffset: -10 }],
      apps: [
        { id: 1001, person: 1, cert: 0, type: 'training', appliedOffset: 1 },
        { id: 1002, person: 0, cert: 0, type: 'training', appliedOffset: 2 },
        { id: 1003, person: 1, cert: 0, type: 'skill_upgrade', appliedOffset: 3 },
      ],
    };
    const rollback = new Error('rollback');
    await ctx.db
      .transaction(async (tx) => {
        await write(tx, h);
        await settleApplications(tx, { asOf: '2026-12-31', actor: 'test', batchPersons: 1 });
        const rows = (await whatIf(tx, { from: day(0), to: day(20), draft: {} })).byCity;
        expect(rows.reduce((n, r) => n + r.changedDecisions, 0)).toBe(0);
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
  });
});

describe('two settlements at once (a CLI run beside the nightly job)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, DEMO_BUNDLE, { actor: 'test', vault: ctx.vault });
  }, 120_000);
  afterAll(() => ctx.drop());

  it('commit each approval once: the run that did not write a decision sets no money in motion for it', async () => {
    // Batches of 3 persons interleave: both runs decide the same persons before either writes.
    await Promise.all([
      settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'a', batchPersons: 3 }),
      settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'b', batchPersons: 3 }),
    ]);
    const [{ apps, decided }] = await ctx.db.query<{ apps: number; decided: number }>(
      `SELECT (SELECT count(*)::int FROM applications WHERE applied_on <= '2026-12-31') AS apps, (SELECT count(*)::int FROM decisions) AS decided`,
    );
    expect(decided).toBe(apps);
    const twice = await ctx.db.query(
      `SELECT application_id FROM ledger_entries WHERE memo = 'commit: approved' GROUP BY application_id HAVING count(DISTINCT tx_id) > 1`,
    );
    expect(twice).toEqual([]);
    const [{ approved, committed }] = await ctx.db.query<{ approved: number; committed: number }>(
      `SELECT (SELECT COALESCE(sum(amount_fen), 0)::bigint FROM decisions WHERE decision = 'approved') AS approved,
              (SELECT count(DISTINCT application_id)::int FROM ledger_entries WHERE memo = 'commit: approved') AS committed`,
    );
    expect(Number(approved)).toBeGreaterThan(0);
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM decisions WHERE decision = 'approved'`,
    );
    expect(committed).toBe(n);
    const notices = await ctx.db.query(
      `SELECT 1 FROM public_notices p JOIN decisions d USING (application_id) WHERE d.decision = 'approved'`,
    );
    expect(notices).toHaveLength(n);
  }, 180_000);
});
