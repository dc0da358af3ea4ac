import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit, type AuditEntry } from '../audit/index.ts';
import { AWARD_NAMES, COMPETITION_LEVEL_NAMES, type Award, type CompetitionLevel } from './field.labels.ts';
import {
  assertMayDecidePromotion,
  assertMayOrganiseCompetition,
  mayBeNominated,
  resultAllowsPromotion,
} from './field.policy.ts';
import { promotionRuleOn } from './promotion-rules.ts';

export interface NewCompetition {
  name: string;
  organiser: string;
  level: string;
  cityCode?: string | null;
  occupationCode: string;
  startsOn: string;
  endsOn: string;
}

interface CompetitionRow {
  competition_id: string;
  name: string;
  organiser: string;
  level: CompetitionLevel;
  city_code: string | null;
  sector: string | null;
  occupation_code: string;
  starts_on: string;
  ends_on: string;
}

/** 竞赛: the province, a city (its city contests) or a department (industry contests of its sectors) announces one. */
export async function createCompetition(db: Db, actor: Actor, input: NewCompetition, clock: Clock = systemClock) {
  const name = input.name.trim();
  const organiser = input.organiser.trim();
  if (!name || name.length > 100)
    throw new Invalid('BAD_NAME', '请填写竞赛名称（最多100字）', 'give the contest a name (at most 100 characters)', {
      field: 'name',
    });
  if (!organiser || organiser.length > 100)
    throw new Invalid('BAD_ORGANISER', '请填写主办单位（最多100字）', 'name the organiser (at most 100 characters)', {
      field: 'organiser',
    });
  if (!Object.hasOwn(COMPETITION_LEVEL_NAMES, input.level))
    throw new Invalid(
      'UNKNOWN_COMPETITION_LEVEL',
      '竞赛级别应为省级、市级或行业',
      'level: province, city or industry',
      {
        field: 'level',
      },
    );
  const level = input.level as CompetitionLevel;
  const [occupation] = await db.query<{ code: string; sector: string }>(
    'SELECT code, sector FROM catalog.occupations WHERE code = $1',
    [input.occupationCode],
  );
  if (!occupation)
    throw new Invalid('UNKNOWN_OCCUPATION', '职业不在职业目录中', 'the occupation is not in the catalog', {
      field: 'occupationCode',
    });
  let cityCode: string | null = null;
  if (level === 'city') {
    const [c] = await db.query<{ code: string }>('SELECT code FROM catalog.cities WHERE code = $1', [
      input.cityCode ?? '',
    ]);
    if (!c)
      throw new Invalid('CITY_REQUIRED', '市级竞赛需选择城市', 'a city contest needs its city', { field: 'cityCode' });
    cityCode = c.code;
  }
  const startsOn = requireDate(input.startsOn, 'startsOn');
  const endsOn = requireDate(input.endsOn, 'endsOn');
  if (endsOn < startsOn)
    throw new Invalid('END_BEFORE_START', '结束日期不能早于开始日期', 'the end date is before the start date', {
      field: 'endsOn',
    });
  const row = { level, city_code: cityCode, sector: occupation.sector };
  assertMayOrganiseCompetition(actor, row);
  const id = `CP${newId().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO competitions (competition_id, name, organiser, level, city_code, sector, occupation_code, starts_on, ends_on, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        id,
        name,
        organiser,
        level,
        cityCode,
        occupation.sector,
        occupation.code,
        startsOn,
        endsOn,
        actorName(actor),
        clock.now(),
      ],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'competition.create',
          entity: 'competition',
          entityId: id,
          after: { name, level, city: cityCode, occupation: occupation.code, startsOn, endsOn },
        },
      ],
      clock,
    );
  });
  return { competitionId: id };
}

const mayOrganise = (actor: Actor, c: CompetitionRow) => {
  try {
    assertMayOrganiseCompetition(actor, c);
    return true;
  } catch {
    return false;
  }
};

/** Contests officials can see: all of them (announced contests are public), newest first, with what the caller may manage. */
export async function listCompetitions(db: Db, actor: Actor) {
  const rows = await db.query<
    CompetitionRow & { occupation_name: string | null; city_name: string | null; entrants: number; results: number }
  >(
    `SELECT k.competition_id, k.name, k.organiser, k.level, k.city_code, c.name AS city_name, k.sector, k.occupation_code, o.name AS occupation_name,
            k.starts_on, k.ends_on,
            (SELECT count(*)::int FROM competition_entries e WHERE e.competition_id = k.competition_id) AS entrants,
            (SELECT count(*)::int FROM competition_entries e WHERE e.competition_id = k.competition_id AND e.rank IS NOT NULL) AS results
     FROM competitions k LEFT JOIN catalog.occupations o ON o.code = k.occupation_code LEFT JOIN catalog.cities c ON c.code = k.city_code
     ORDER BY k.starts_on DESC, k.competition_id LIMIT 500`,
  );
  return rows.map((k) => ({ ...k, may_manage: mayOrganise(actor, k) }));
}

async function competitionFor(db: Db, id: string): Promise<CompetitionRow> {
  const [k] = await db.query<CompetitionRow>(
    'SELECT competition_id, name, organiser, level, city_code, sector, occupation_code, starts_on, ends_on FROM competitions WHERE competition_id = $1',
    [id],
  );
  if (!k) throw new NotFound({ zh: '竞赛', en: 'contest' });
  return k;
}

/** 报名参赛: the organiser enters a real-name person (from the registry) with their work unit. */
export async function addEntrant(
  db: Db,
  actor: Actor,
  competitionId: string,
  input: { personKey: string; unit: string },
  clock: Clock = systemClock,
) {
  const k = await competitionFor(db, competitionId);
  assertMayOrganiseCompetition(actor, k);
  const unit = input.unit.trim();
  if (!unit || unit.length > 100)
    throw new Invalid(
      'BAD_UNIT',
      '请填写选手所在单位（最多100字）',
      'give the entrant’s work unit (at most 100 characters)',
      {
        field: 'unit',
      },
    );
  const [p] = await db.query('SELECT 1 FROM registry.persons WHERE person_key = $1', [input.personKey]);
  if (!p)
    throw new Invalid('UNKNOWN_PERSON', '选手不在实名库中', 'the entrant is not in the real-name registry', {
      field: 'idNumber',
    });
  const entryId = newId();
  return db.transaction(async (tx) => {
    const [stored] = await tx.query(
      `INSERT INTO competition_entries (entry_id, competition_id, person_key, unit) VALUES ($1,$2,$3,$4)
       ON CONFLICT (competition_id, person_key) DO NOTHING RETURNING entry_id`,
      [entryId, competitionId, input.personKey, unit],
    );
    if (!stored) throw new Conflict('ALREADY_ENTERED', '该选手已报名本竞赛', 'this person is already an entrant');
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'competition.enter',
          entity: 'competition_entry',
          entityId: entryId,
          after: { competition: competitionId, unit },
        },
      ],
      clock,
    );
    return { entryId };
  });
}

/** Entrants and results, for the organiser and the province: masked ID numbers, never whole ones. */
export async function listEntries(db: Db, actor: Actor, competitionId: string) {
  const k = await competitionFor(db, competitionId);
  if (actor.role !== 'province_admin') assertMayOrganiseCompetition(actor, k);
  return db.query<{
    entry_id: string;
    name: string | null;
    id_masked: string | null;
    unit: string;
    rank: number | null;
    score: string | null;
    award: string | null;
    promotion_id: string | null;
    promotion_status: string | null;
    from_level: string | null;
    to_level: string | null;
  }>(
    `SELECT e.entry_id, p.name, p.id_masked, e.unit, e.rank, e.score::text AS score, e.award,
            r.promotion_id, r.status AS promotion_status, r.from_level, r.to_level
     FROM competition_entries e LEFT JOIN registry.persons p ON p.person_key = e.person_key
     LEFT JOIN promotion_records r ON r.entry_id = e.entry_id
     WHERE e.competition_id = $1 ORDER BY e.rank NULLS LAST, p.name, e.entry_id`,
    [competitionId],
  );
}

/** A score as typed: 0–100 with at most two decimals (kept as text: never a float). */
function requireScore(text: string): string {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text.trim()) || Number(text) > 100)
    throw new Invalid(
      'BAD_SCORE',
      '成绩应为 0–100，最多两位小数',
      'the score must be 0–100 with at most two decimals',
      {
        field: 'score',
      },
    );
  return text.trim();
}

/**
 * The promotion a result allows under the rule in force on the contest's last day
 * (promotion_rules): one level above the entrant's highest valid certificate in the contest's
 * occupation, if that level is within the rule's ceiling. The reason when the rule does not apply.
 */
async function promotionFor(
  db: Db,
  personKey: string,
  k: CompetitionRow,
  award: Award | null,
): Promise<
  { from: string; to: string; rule: string } | { none: 'RULE_DOES_NOT_APPLY' | 'NO_CERTIFICATE' | 'AT_CEILING' }
> {
  const rule = await promotionRuleOn(db, k.ends_on);
  if (!resultAllowsPromotion(rule, k.level, award)) return { none: 'RULE_DOES_NOT_APPLY' };
  const [held] = await db.query<{ code: string; rank: number }>(
    `SELECT l.code, l.rank FROM evaluation.certificates x JOIN catalog.levels l ON l.code = x.level
     WHERE x.person_key = $1 AND x.occupation_code = $2 AND x.revoked_on IS NULL ORDER BY l.rank DESC LIMIT 1`,
    [personKey, k.occupation_code],
  );
  if (!held) return { none: 'NO_CERTIFICATE' };
  const [next] = await db.query<{ code: string }>('SELECT code FROM catalog.levels WHERE rank = $1 AND rank <= $2', [
    held.rank + 1,
    rule.maxRank,
  ]);
  if (!next) return { none: 'AT_CEILING' };
  return { from: held.code, to: next.code, rule: rule.code };
}

/**
 * 成绩: the organiser records an entrant's rank, score and award once the contest has begun. A rank
 * is held by one entrant. When the rule allows, a promotion proposal is created for an official to
 * confirm — no certificate is issued here.
 */
export async function recordResult(
  db: Db,
  actor: Actor,
  competitionId: string,
  entryId: string,
  input: { rank: number; score: string; award?: string | null },
  clock: Clock = systemClock,
) {
  const k = await competitionFor(db, competitionId);
  assertMayOrganiseCompetition(actor, k);
  if (chinaDate(clock.now()) < k.starts_on)
    throw new Conflict(
      'RESULT_BEFORE_CONTEST',
      `竞赛尚未开始（${k.starts_on}），不能登记成绩`,
      `the contest has not begun (${k.starts_on}); no results yet`,
    );
  if (!Number.isInteger(input.rank) || input.rank < 1 || input.rank > 100_000)
    throw new Invalid('BAD_RANK', '名次应为正整数', 'the rank must be a whole number from 1', { field: 'rank' });
  const score = requireScore(input.score);
  const award = input.award ? input.award : null;
  if (award !== null && !Object.hasOwn(AWARD_NAMES, award))
    throw new Invalid(
      'UNKNOWN_AWARD',
      '奖项应为一等奖、二等奖、三等奖或优秀奖',
      'award: first, second, third or merit',
      {
        field: 'award',
      },
    );
  return db.transaction(async (tx) => {
    const [e] = await tx.query<{ person_key: string; rank: number | null }>(
      'SELECT person_key, rank FROM competition_entries WHERE entry_id = $1 AND competition_id = $2 FOR UPDATE',
      [entryId, competitionId],
    );
    if (!e) throw new NotFound({ zh: '参赛选手', en: 'entrant' });
    if (e.rank !== null)
      throw new Conflict('RESULT_ALREADY_RECORDED', '该选手的成绩已登记', 'this entrant’s result is already recorded');
    const [taken] = await tx.query('SELECT 1 FROM competition_entries WHERE competition_id = $1 AND rank = $2', [
      competitionId,
      input.rank,
    ]);
    if (taken)
      throw new Conflict(
        'DUPLICATE_RANK',
        `第${input.rank}名已登记给其他选手`,
        `rank ${input.rank} is already held by another entrant`,
      );
    await tx.query(
      'UPDATE competition_entries SET rank = $2, score = $3, award = $4, result_by = $5, result_at = $6 WHERE entry_id = $1',
      [entryId, input.rank, score, award, actorName(actor), clock.now()],
    );
    const audit: AuditEntry[] = [
      {
        actor: actorName(actor),
        action: 'competition.result',
        entity: 'competition_entry',
        entityId: entryId,
        before: { rank: null },
        after: { rank: input.rank, score, award },
      },
    ];
    const promotion = await promotionFor(tx, e.person_key, k, award as Award | null);
    let promotionId: string | null = null;
    if ('to' in promotion) {
      promotionId = newId();
      await tx.query(
        `INSERT INTO promotion_records (promotion_id, entry_id, competition_id, person_key, occupation_code, from_level, to_level, rule, status, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'proposed',$9)`,
        [
          promotionId,
          entryId,
          competitionId,
          e.person_key,
          k.occupation_code,
          promotion.from,
          promotion.to,
          promotion.rule,
          clock.now(),
        ],
      );
      audit.push({
        actor: actorName(actor),
        action: 'promotion.propose',
        entity: 'promotion_record',
        entityId: promotionId,
        after: { from: promotion.from, to: promotion.to, rule: promotion.rule, status: 'proposed' },
      });
    }
    await recordAudit(tx, audit, clock);
    return {
      entryId,
      promotion:
        'to' in promotion ? { promotionId: promotionId!, fromLevel: promotion.from, toLevel: promotion.to } : null,
      noPromotionBecause: 'none' in promotion ? promotion.none : null,
    };
  });
}

/** Promotion records to confirm (or decided), for the province. */
export async function listPromotions(db: Db, actor: Actor, status?: string) {
  assertMayDecidePromotion(actor);
  return db.query<{
    promotion_id: string;
    competition_name: string;
    name: string | null;
    id_masked: string | null;
    occupation_name: string | null;
    rank: number | null;
    award: string | null;
    from_level: string;
    to_level: string;
    rule: string;
    status: string;
    note: string | null;
    decided_by: string | null;
  }>(
    `SELECT r.promotion_id, k.name AS competition_name, p.name, p.id_masked, o.name AS occupation_name, e.rank, e.award,
            r.from_level, r.to_level, r.rule, r.status, r.note, r.decided_by
     FROM promotion_records r JOIN competitions k ON k.competition_id = r.competition_id
     JOIN competition_entries e ON e.entry_id = r.entry_id
     LEFT JOIN registry.persons p ON p.person_key = r.person_key LEFT JOIN catalog.occupations o ON o.code = r.occupation_code
     WHERE ($1::text IS NULL OR r.status = $1) ORDER BY r.created_at DESC, r.promotion_id LIMIT 500`,
    [status ?? null],
  );
}

/**
 * The province confirms or rejects a proposed promotion, with a note. Confirming records the
 * decision only: the certificate of the new level is issued through evaluation, never here.
 */
export async function decidePromotion(
  db: Db,
  actor: Actor,
  promotionId: string,
  decision: 'confirmed' | 'rejected',
  note: string,
  clock: Clock = systemClock,
) {
  assertMayDecidePromotion(actor);
  if (decision === 'rejected' && note.trim().length < 2)
    throw new Invalid('NOTE_REQUIRED', '不予晋升须说明理由', 'a rejection needs a reason', { field: 'note' });
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{ status: string }>(
      'SELECT status FROM promotion_records WHERE promotion_id = $1 FOR UPDATE',
      [promotionId],
    );
    if (!r) throw new NotFound({ zh: '晋升记录', en: 'promotion record' });
    if (r.status !== 'proposed')
      throw new Conflict('PROMOTION_ALREADY_DECIDED', '该晋升记录已处理', 'this promotion record is already decided');
    await tx.query(
      'UPDATE promotion_records SET status = $2, note = $3, decided_by = $4, decided_at = $5 WHERE promotion_id = $1',
      [promotionId, decision, note.trim() || null, actorName(actor), clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `promotion.${decision}`,
          entity: 'promotion_record',
          entityId: promotionId,
          before: { status: r.status },
          after: { status: decision, note },
        },
      ],
      clock,
    );
    return { promotionId, status: decision };
  });
}

/**
 * What a 江苏工匠 nomination of a contest winner is made of (the nomination itself is the
 * evaluation module's, joined in src/workflows/competition-nomination.ts): only a prize-winner.
 */
export async function winnerForNomination(db: Db, actor: Actor, competitionId: string, entryId: string) {
  const k = await competitionFor(db, competitionId);
  const [e] = await db.query<{
    person_key: string;
    unit: string;
    rank: number | null;
    award: string | null;
    occupation_name: string | null;
  }>(
    `SELECT e.person_key, e.unit, e.rank, e.award, o.name AS occupation_name FROM competition_entries e
     LEFT JOIN catalog.occupations o ON o.code = $3 WHERE e.entry_id = $1 AND e.competition_id = $2`,
    [entryId, competitionId, k.occupation_code],
  );
  if (!e) throw new NotFound({ zh: '参赛选手', en: 'entrant' });
  if (!mayBeNominated(e.award))
    throw new Invalid(
      'NOT_A_WINNER',
      '只有获奖选手可推荐为江苏工匠',
      'only prize-winners may be nominated as 江苏工匠',
    );
  const awardName = AWARD_NAMES[e.award as Award].zh;
  return {
    personKey: e.person_key,
    unit: e.unit,
    year: Number(k.ends_on.slice(0, 4)),
    citation: `${k.name}（${e.occupation_name ?? k.occupation_code}）第${e.rank}名，获${awardName}。`,
    actorMayNominate:
      actor.role === 'province_admin' || actor.role === 'city_officer' || actor.role === 'department_officer',
  };
}
