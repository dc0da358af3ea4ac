import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { addDays } from '../src/kernel/dates.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * The contest → level promotion rule is policy data (`promotion_rules`, migration 0060), not a code
 * constant: the version in force on a contest's last day decides whether a result proposes a
 * promotion (docs/field-activities.md § Promotion rule).
 */
describe('the contest promotion rule as policy data', () => {
  let d: DemoApp;
  const today = chinaDate(new Date());
  const yesterday = addDays(today, -1);
  let holder: { id: string; occupation: string; level: string; rank: number };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing']);
    const [c] = await d.ctx.db.query<{ id_enc: string; occupation_code: string; level: string; rank: number }>(
      `SELECT p.id_enc, x.occupation_code, x.level, l.rank FROM certificates x JOIN persons p ON p.person_key = x.person_key
       JOIN levels l ON l.code = x.level
       WHERE x.revoked_on IS NULL AND l.rank BETWEEN 1 AND 3
         AND NOT EXISTS (SELECT 1 FROM certificates y JOIN levels m ON m.code = y.level WHERE y.person_key = x.person_key AND y.occupation_code = x.occupation_code AND m.rank > l.rank)
       ORDER BY x.certificate_no LIMIT 1`,
    );
    holder = { id: d.ctx.vault.decrypt(c!.id_enc), occupation: c!.occupation_code, level: c!.level, rank: c!.rank };
  }, 180_000);
  afterAll(() => d.close());

  /** A Nanjing city contest over the days given, the holder entered and given a first prize: the result's answer. */
  const cityContestFirstPrize = async (startsOn: string, endsOn: string) => {
    const k = await d.call('province', 'POST', '/api/competitions', {
      name: `南京市岗位练兵 ${endsOn}`,
      organiser: '南京市人社局',
      level: 'city',
      cityCode: '320100',
      occupationCode: holder.occupation,
      startsOn,
      endsOn,
    });
    expect(k.statusCode, k.body).toBe(201);
    const id = k.json().competitionId;
    const entry = await d.call('province', 'POST', `/api/competitions/${id}/entries`, {
      idNumber: holder.id,
      unit: '某企业',
    });
    expect(entry.statusCode, entry.body).toBe(201);
    const entries = (await d.call('province', 'GET', `/api/competitions/${id}/entries`)).json();
    return (
      await d.call('province', 'POST', `/api/competitions/${id}/entries/${entries[0].entry_id}/result`, {
        rank: 1,
        score: '96',
        award: 'first',
      })
    ).json();
  };

  it('starts with the rule that was a constant, its basis stated as an assumption; only the province reads or sets it', async () => {
    const rules = await d.call('province', 'GET', '/api/promotion-rules');
    expect(rules.json()).toEqual([
      {
        effectiveFrom: '2025-01-01',
        code: 'PROVINCE_CONTEST_PRIZE_ONE_LEVEL',
        levels: ['province'],
        awards: ['first', 'second', 'third'],
        maxRank: 5,
        basis: expect.stringContaining('假设'),
        setBy: 'migration',
      },
    ]);
    expect(rules.json()[0].basis).toContain('人社部');
    expect((await d.call('nanjing', 'GET', '/api/promotion-rules')).statusCode).toBe(403);
    expect((await d.call('nanjing', 'POST', '/api/promotion-rules', {})).statusCode).toBe(403);
  });

  it('refuses a bad rule by name, in both languages', async () => {
    const good = {
      effectiveFrom: today,
      code: 'CITY_FIRST_PRIZE_ONE_LEVEL',
      levels: ['province', 'city'],
      awards: ['first'],
      maxRank: 5,
      basis: '省人社厅确认：市级竞赛一等奖亦可晋升一级（测试）',
    };
    const cases: [object, string, string][] = [
      [{ effectiveFrom: '2026-02-30' }, 'BAD_DATE', 'effectiveFrom'],
      [{ code: 'lower case' }, 'BAD_RULE_CODE', '规则代码'],
      [{ levels: [] }, 'BAD_CONTEST_LEVEL', '竞赛级别'],
      [{ levels: ['world'] }, 'BAD_CONTEST_LEVEL', '省级竞赛'],
      [{ levels: ['toString'] }, 'BAD_CONTEST_LEVEL', '竞赛级别'],
      [{ awards: ['constructor'] }, 'UNKNOWN_AWARD', '奖项'],
      [{ awards: ['gold'] }, 'UNKNOWN_AWARD', '一等奖'],
      [{ maxRank: 99 }, 'BAD_MAX_RANK', '最高等级'],
      [{ basis: ' ' }, 'BASIS_REQUIRED', '规则依据'],
    ];
    for (const [change, code, zh] of cases) {
      const res = await d.call('province', 'POST', '/api/promotion-rules', { ...good, ...change });
      expect(res.statusCode, code).toBe(400);
      expect(res.json()).toMatchObject({ code, message: expect.stringContaining(zh) });
      expect(res.json().message_en).toMatch(/[a-z]/);
    }
  });

  it('a new version decides contests ending on or after its day; a contest that ended before keeps the old rule', async () => {
    // Under the first rule a city contest's first prize proposes nothing.
    expect(await cityContestFirstPrize(today, today)).toMatchObject({
      promotion: null,
      noPromotionBecause: 'RULE_DOES_NOT_APPLY',
    });
    const set = await d.call('province', 'POST', '/api/promotion-rules', {
      effectiveFrom: today,
      code: 'CITY_FIRST_PRIZE_ONE_LEVEL',
      levels: ['province', 'city'],
      awards: ['first'],
      maxRank: 5,
      basis: '省人社厅确认：市级竞赛一等奖亦可晋升一级（测试）',
    });
    expect(set.statusCode, set.body).toBe(200);
    const [next] = await d.ctx.db.query<{ code: string }>('SELECT code FROM levels WHERE rank = $1', [holder.rank + 1]);
    const now = await cityContestFirstPrize(today, today);
    expect(now.promotion).toMatchObject({ fromLevel: holder.level, toLevel: next!.code });
    const [record] = await d.ctx.db.query<{ rule: string }>(
      'SELECT rule FROM promotion_records WHERE promotion_id = $1',
      [now.promotion.promotionId],
    );
    expect(record!.rule).toBe('CITY_FIRST_PRIZE_ONE_LEVEL');
    // A contest that ended yesterday is judged by the rule in force then.
    expect(await cityContestFirstPrize(yesterday, yesterday)).toMatchObject({
      promotion: null,
      noPromotionBecause: 'RULE_DOES_NOT_APPLY',
    });
    // A ceiling at the holder's own level: no proposal, saying why.
    await d.call('province', 'POST', '/api/promotion-rules', {
      effectiveFrom: today,
      code: 'CITY_FIRST_PRIZE_CAPPED',
      levels: ['city'],
      awards: ['first'],
      maxRank: holder.rank,
      basis: '测试：最高至持证等级',
    });
    expect(await cityContestFirstPrize(today, today)).toMatchObject({
      promotion: null,
      noPromotionBecause: 'AT_CEILING',
    });
    const audit = await d.ctx.db.query<{ before: { code: string } | null; after: { code: string } }>(
      `SELECT before, after FROM audit_log WHERE action = 'promotion_rule.set' ORDER BY seq`,
    );
    expect(audit.map((a) => [a.before?.code ?? null, a.after.code])).toEqual([
      [null, 'CITY_FIRST_PRIZE_ONE_LEVEL'],
      ['CITY_FIRST_PRIZE_ONE_LEVEL', 'CITY_FIRST_PRIZE_CAPPED'],
    ]);
  });
});
