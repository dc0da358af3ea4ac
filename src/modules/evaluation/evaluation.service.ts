import type { Db } from '../../db/client.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { maskName, type PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { checkIdNumber, requireScopedPerson } from '../registry/index.ts';
import { assertMayAssessProject } from './evaluation.policy.ts';
import type {
  AssessmentCandidate,
  AssessmentDetail,
  AssessmentListItem,
  CertificateLookupResult,
} from './evaluation.schema.ts';

const LEVEL_DIGIT: Record<string, string> = { L1: '1', L2: '2', L3: '3', L4: '4', L5: '5', LA: '6', LS: '7', LC: '8' };
const KINDS = ['skill_level', 'qualification', 'special_ability', 'training', 'entrepreneurship'];

/** The evaluation institution of a staff account, if it may evaluate and issue today. */
async function evaluatorOf(db: Db, actor: Actor, today: string) {
  if (actor.role !== 'institution_staff' || !actor.institutionCode) throw new Forbidden();
  const [i] = await db.query<{
    credit_code: string;
    roles: string[];
    listed_from: string | null;
    blacklisted_from: string | null;
    city_code: string;
  }>(
    'SELECT credit_code, roles, listed_from, blacklisted_from, city_code FROM registry.institutions WHERE credit_code = $1',
    [actor.institutionCode],
  );
  if (!i?.roles.includes('evaluation'))
    throw new Forbidden('NOT_AN_EVALUATOR', '本机构没有评价资质', 'your institution is not an evaluation institution');
  if (!i.listed_from || i.listed_from > today)
    throw new Forbidden(
      'EVALUATOR_NOT_LISTED',
      '本机构不在评价机构目录内，不能发证',
      'your institution is not in the evaluation directory and may not issue',
    );
  if (i.blacklisted_from && i.blacklisted_from <= today)
    throw new Forbidden(
      'EVALUATOR_BLACKLISTED',
      '本机构已被列入黑名单，不能发证',
      'your institution is blacklisted and may not issue',
    );
  return i;
}

/** Refuses a class whose project did not choose the actor's institution as its evaluator. */
async function assertMayAssess(db: Db, actor: Actor, projectCode: string) {
  const [p] = await db.query<{ evaluator_code: string | null }>(
    'SELECT evaluator_code FROM training.projects WHERE project_code = $1',
    [projectCode],
  );
  assertMayAssessProject(actor, p, projectCode);
}

export interface NewAssessment {
  occupationCode: string;
  kind: string;
  level?: string | null;
  scheduledOn: string;
  projectCode?: string | null;
  /** Named candidates (ID numbers, e.g. a pasted list); with a project, its enrolled trainees are added. */
  idNumbers?: string[];
  /** Candidates a picker found (GET /api/persons/search): persons in the evaluator's projects only. */
  personKeys?: string[];
}

/** An evaluator schedules an assessment (考核) for a class or for named, registered candidates. */
export async function scheduleAssessment(
  db: Db,
  vault: PiiVault,
  actor: Actor,
  input: NewAssessment,
  clock: Clock = systemClock,
) {
  const ev = await evaluatorOf(db, actor, chinaDate(clock.now()));
  if (!KINDS.includes(input.kind))
    throw new Invalid('UNKNOWN_KIND', `证书类别 ${input.kind} 不存在`, `unknown certificate kind ${input.kind}`);
  if (!isValidDate(input.scheduledOn))
    throw new Invalid('BAD_DATE', '考核日期无效', 'the assessment date is not a date');
  const [occ] = await db.query<{ has_levels: boolean }>('SELECT has_levels FROM catalog.occupations WHERE code = $1', [
    input.occupationCode,
  ]);
  if (!occ)
    throw new Invalid(
      'UNKNOWN_OCCUPATION',
      `职业 ${input.occupationCode} 不在职业目录中`,
      `occupation ${input.occupationCode} is not in the catalog`,
    );
  if ((input.kind === 'skill_level' || input.kind === 'qualification') && !LEVEL_DIGIT[input.level ?? ''])
    throw new Invalid('LEVEL_REQUIRED', '职业技能等级证书须指定等级', 'a skill-level certificate needs a level');
  const keys = new Set<string>();
  // A pasted list is answered line by line: every wrong line is named in the one refusal.
  const wrong: { line: number; code: string; zh: string; en: string }[] = [];
  const lineOf = new Map<string, number>();
  for (const [i, raw] of (input.idNumbers ?? []).entries()) {
    const id = raw.trim().toUpperCase();
    if (!id) continue;
    const p = checkIdNumber(id);
    if (p) wrong.push({ line: i + 1, code: p.reason, zh: p.zh, en: p.en });
    else {
      const key = vault.blindIndex(id);
      keys.add(key);
      lineOf.set(key, i + 1);
    }
  }
  for (const key of input.personKeys ?? []) keys.add((await requireScopedPerson(db, actor, key)).person_key);
  if (input.projectCode) {
    await assertMayAssess(db, actor, input.projectCode);
    for (const e of await db.query<{ person_key: string }>(
      'SELECT person_key FROM training.enrolments WHERE project_code = $1',
      [input.projectCode],
    ))
      keys.add(e.person_key);
  }
  const known = new Set(
    (
      await db.query<{ person_key: string }>(
        'SELECT person_key FROM registry.persons WHERE person_key = ANY($1::text[])',
        [[...keys]],
      )
    ).map((r) => r.person_key),
  );
  for (const [key, line] of lineOf)
    if (!known.has(key))
      wrong.push({
        line,
        code: 'UNKNOWN_PERSON',
        zh: '未在实名库中登记（凡补必进）',
        en: 'not in the real-name registry',
      });
  if (wrong.length) {
    wrong.sort((a, b) => a.line - b.line);
    throw new Invalid(
      wrong[0].code,
      `考生身份证号有误：${wrong.map((w) => `第${w.line}行 ${w.zh}`).join('；')}`,
      `candidates' ID numbers: ${wrong.map((w) => `line ${w.line}: ${w.en}`).join('; ')}`,
      { field: 'idNumbers', lines: wrong },
    );
  }
  if (keys.size === 0) throw new Invalid('NO_CANDIDATES', '请至少指定一名考生', 'name at least one candidate');
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO assessments (id, evaluator_code, occupation_code, kind, level, project_code, scheduled_on, status, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'scheduled',$8,$9)`,
      [
        id,
        ev.credit_code,
        input.occupationCode,
        input.kind,
        input.level ?? null,
        input.projectCode ?? null,
        input.scheduledOn,
        actorName(actor),
        clock.now(),
      ],
    );
    for (const k of keys)
      await tx.query('INSERT INTO assessment_candidates (assessment_id, person_key) VALUES ($1,$2)', [id, k]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'assessment.schedule',
          entity: 'assessment',
          entityId: id,
          after: { ...input, idNumbers: undefined, candidates: keys.size },
        },
      ],
      clock,
    );
  });
  return { id, candidates: keys.size };
}

export async function listAssessments(db: Db, actor: Actor, query: { status?: string } = {}) {
  if (actor.role !== 'institution_staff') throw new Forbidden();
  return db.query<AssessmentListItem>(
    `SELECT a.*, o.name AS occupation_name, (SELECT count(*)::int FROM assessment_candidates c WHERE c.assessment_id = a.id) AS candidates,
            (SELECT count(*)::int FROM assessment_candidates c WHERE c.assessment_id = a.id AND c.certificate_no IS NOT NULL) AS issued
     FROM assessments a LEFT JOIN catalog.occupations o ON o.code = a.occupation_code ${ASSESSMENTS_WHERE} ORDER BY a.created_at DESC`,
    [actor.institutionCode, query.status ?? null],
  );
}

/** The evaluator's own assessments ($1), in one status ($2) when given. */
const ASSESSMENTS_WHERE = 'WHERE a.evaluator_code = $1 AND ($2::text IS NULL OR a.status = $2)';

/** How many assessments `listAssessments` answers (待录成绩 on an evaluator's home page: `scheduled`). */
export async function countAssessments(db: Db, actor: Actor, query: { status?: string } = {}) {
  if (actor.role !== 'institution_staff') throw new Forbidden();
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM assessments a ${ASSESSMENTS_WHERE}`, [
    actor.institutionCode,
    query.status ?? null,
  ]);
  return n;
}

export async function getAssessment(db: Db, actor: Actor, id: string): Promise<AssessmentDetail> {
  const [a] = await db.query<Omit<AssessmentDetail, 'candidates'>>('SELECT * FROM assessments WHERE id = $1', [id]);
  if (!a || (actor.role === 'institution_staff' && a.evaluator_code !== actor.institutionCode))
    throw new NotFound({ zh: '考核', en: 'assessment' });
  // A class's roster is its chosen evaluator's to read (also for an assessment scheduled before the rule).
  if (actor.role === 'institution_staff' && a.project_code) await assertMayAssess(db, actor, a.project_code);
  const candidates = await db.query<AssessmentCandidate>(
    `SELECT c.person_key, p.name, p.id_masked, c.theory_score, c.practical_score, c.passed, c.certificate_no
     FROM assessment_candidates c JOIN registry.persons p ON p.person_key = c.person_key WHERE c.assessment_id = $1 ORDER BY p.name`,
    [id],
  );
  return { ...a, candidates };
}

export interface Result {
  personKey: string;
  theoryScore: number;
  practicalScore: number;
  passed: boolean;
}

/**
 * Records results and issues a certificate to every candidate who passed (only a listed,
 * non-blacklisted evaluator may). Skill-level numbers follow the national format: one letter and
 * 21 digits — evaluator (4), province (2), site (4), year (2), level (1), serial (8).
 */
export async function recordResults(db: Db, actor: Actor, id: string, results: Result[], clock: Clock = systemClock) {
  const today = chinaDate(clock.now());
  const ev = await evaluatorOf(db, actor, today);
  return db.transaction(async (tx) => {
    const [a] = await tx.query<{
      evaluator_code: string;
      occupation_code: string;
      kind: string;
      level: string | null;
      project_code: string | null;
      status: string;
    }>(
      'SELECT evaluator_code, occupation_code, kind, level, project_code, status FROM assessments WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!a || a.evaluator_code !== ev.credit_code) throw new NotFound({ zh: '考核', en: 'assessment' });
    if (a.status === 'closed') throw new Conflict('ASSESSMENT_CLOSED', '该考核已结束', 'this assessment is closed');
    // The project may have chosen another evaluator since the assessment was scheduled.
    if (a.project_code) await assertMayAssess(tx, actor, a.project_code);
    const issued: string[] = [];
    for (const r of results) {
      for (const s of [r.theoryScore, r.practicalScore])
        if (!Number.isInteger(s) || s < 0 || s > 100)
          throw new Invalid('BAD_SCORE', '成绩应为0–100的整数', 'scores are whole numbers from 0 to 100');
      const [c] = await tx.query<{ certificate_no: string | null }>(
        'SELECT certificate_no FROM assessment_candidates WHERE assessment_id = $1 AND person_key = $2 FOR UPDATE',
        [id, r.personKey],
      );
      if (!c)
        throw new Invalid(
          'NOT_A_CANDIDATE',
          '该人员不是本次考核的考生',
          'this person is not a candidate of this assessment',
        );
      if (c.certificate_no) continue; // already issued: results are final
      let certNo: string | null = null;
      if (r.passed) {
        certNo = await nextCertificateNo(tx, ev.credit_code, ev.city_code, today.slice(2, 4), a.level);
        await tx.query(
          `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code, project_code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
          [certNo, r.personKey, a.occupation_code, a.kind, a.level, today, ev.credit_code, a.project_code],
        );
        issued.push(certNo);
      }
      await tx.query(
        'UPDATE assessment_candidates SET theory_score = $3, practical_score = $4, passed = $5, certificate_no = $6 WHERE assessment_id = $1 AND person_key = $2',
        [id, r.personKey, r.theoryScore, r.practicalScore, r.passed, certNo],
      );
    }
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'assessment.results',
          entity: 'assessment',
          entityId: id,
          after: { results: results.length, issued: issued.length },
        },
        ...issued.map((no) => ({
          actor: actorName(actor),
          action: 'certificate.issue',
          entity: 'certificate',
          entityId: no,
          after: { assessment: id, issued_on: today },
        })),
      ],
      clock,
    );
    return { issued };
  });
}

async function nextCertificateNo(
  tx: Db,
  evaluatorCode: string,
  cityCode: string,
  yy: string,
  level: string | null,
): Promise<string> {
  const evaluator = String(parseInt(evaluatorCode.slice(-9, -1).replace(/\D/g, '') || '0', 10) % 10000).padStart(
    4,
    '0',
  );
  const site = cityCode.slice(2, 6);
  const prefix = `Y${evaluator}32${site}${yy}${LEVEL_DIGIT[level ?? ''] ?? '0'}`;
  const [row] = await tx.query<{ last: number }>(
    `INSERT INTO certificate_serials (prefix, last) VALUES ($1, 1) ON CONFLICT (prefix) DO UPDATE SET last = certificate_serials.last + 1 RETURNING last`,
    [prefix],
  );
  return `${prefix}${String(row.last).padStart(8, '0')}`;
}

export interface PublicCertificate {
  certificateNo: string;
  holder: string;
  occupation: string;
  kind: string;
  level: string | null;
  levelName: string | null;
  issuedOn: string;
  evaluator: string;
  revokedOn: string | null;
  revokeReason: string | null;
}

/** A certificate as the public may see it: the holder's name partly masked, no ID number. */
export async function publicCertificate(
  db: Db,
  certificateNo: string,
): Promise<
  | (PublicCertificate & {
      personKey: string;
      cityCode: string;
      evaluatorCode: string;
      holderName: string;
      occupationCode: string;
    })
  | null
> {
  const [c] = await db.query<{
    certificate_no: string;
    name: string;
    person_key: string;
    city_code: string;
    occupation_code: string;
    occupation: string;
    kind: string;
    level: string | null;
    level_name: string | null;
    issued_on: string;
    evaluator: string;
    evaluator_code: string;
    revoked_on: string | null;
    revoke_reason: string | null;
  }>(
    `SELECT c.certificate_no, p.name, p.person_key, p.city_code, c.occupation_code, o.name AS occupation, c.kind, c.level, l.name AS level_name, c.issued_on,
            i.name AS evaluator, c.evaluator_code, c.revoked_on, c.revoke_reason
     FROM certificates c JOIN registry.persons p ON p.person_key = c.person_key LEFT JOIN catalog.occupations o ON o.code = c.occupation_code
     LEFT JOIN catalog.levels l ON l.code = c.level LEFT JOIN registry.institutions i ON i.credit_code = c.evaluator_code WHERE c.certificate_no = $1`,
    [certificateNo],
  );
  if (!c) return null;
  return {
    certificateNo: c.certificate_no,
    holder: maskName(c.name),
    holderName: c.name,
    occupation: c.occupation,
    occupationCode: c.occupation_code,
    kind: c.kind,
    level: c.level,
    levelName: c.level_name,
    issuedOn: c.issued_on,
    evaluator: c.evaluator,
    evaluatorCode: c.evaluator_code,
    revokedOn: c.revoked_on,
    revokeReason: c.revoke_reason,
    personKey: c.person_key,
    cityCode: c.city_code,
  };
}

/** The holder's masked ID number, printed on the certificate's PDF. */
export async function holderIdMasked(db: Db, personKey: string): Promise<string> {
  const [p] = await db.query<{ id_masked: string }>('SELECT id_masked FROM registry.persons WHERE person_key = $1', [
    personKey,
  ]);
  return p.id_masked;
}

/**
 * 证书查验 by number and holder's name (public). It answers only when both match, and a wrong name
 * gets the very answer of an unknown number, so it tells no one which numbers exist or whose they are.
 */
export async function lookupCertificate(db: Db, no: string, name: string): Promise<CertificateLookupResult> {
  const c = await publicCertificate(db, no.trim());
  if (!c || c.holderName.trim() !== name.trim())
    return {
      valid: false,
      status: 'unknown',
      message: '未找到与该证书编号和姓名相符的证书，请核对后重试',
      message_en: 'no certificate matches this number and name; please check them and try again',
    };
  const { personKey, cityCode: _c, holderName: _h, ...shown } = c;
  return {
    valid: !c.revokedOn,
    status: c.revokedOn ? 'revoked' : 'valid',
    certificate: { ...shown, holderIdMasked: await holderIdMasked(db, personKey) },
  };
}

/** Who may download a certificate's PDF: its holder, officials of the holder's city, the issuer. */
export function assertMayReadCertificate(
  actor: Actor,
  c: { personKey: string; cityCode: string; evaluatorCode: string },
) {
  if (actor.role === 'worker' && actor.personKey !== c.personKey) throw new Forbidden();
  if (actor.role === 'institution_staff' && actor.institutionCode !== c.evaluatorCode) throw new Forbidden();
  if (actor.role === 'enterprise_staff') throw new Forbidden();
  assertCity(actor, c.cityCode);
}
