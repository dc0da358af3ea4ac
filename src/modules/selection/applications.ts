import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId, newToken } from '../../kernel/ids.ts';
import { maskPhone } from '../../kernel/pii.ts';
import type { Attachment } from '../appeals/index.ts';
import { recordAudit } from '../audit/index.ts';
import { requireCity, requireLevel, requireOccupation } from '../catalog/index.ts';
import { blacklistedBy, checkCreditCode, INSTITUTION_TYPE_NAMES, normalisedPhone } from '../registry/index.ts';
import { currentCriteria } from './criteria.ts';
import type { ApplicationStatus } from './selection.labels.ts';
import { assertMayRead } from './selection.policy.ts';
import type { TApplication, TApplicationForm } from './selection.schema.ts';

/**
 * 遴选申请 (docs/selection.md): an institution not yet listed applies with its credit code, sites,
 * occupations, teachers, capacity and documents. It has no account: it is given an access key once,
 * and reads its application (and only its own) with the number and that key.
 */

export const MIN_DOCUMENTS = 1;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const invalid = (code: string, field: string, zh: string, en: string) => new Invalid(code, zh, en, { field });

/** Checks the form (beyond its zod shape): the codes exist, texts present, numbers in range. */
async function checkForm(db: Db, f: TApplicationForm, today: string): Promise<TApplicationForm> {
  const credit = checkCreditCode(f.creditCode);
  if (credit) throw invalid(credit.reason, 'creditCode', credit.zh, credit.en);
  if (!f.name.trim()) throw invalid('NAME_REQUIRED', 'name', '请填写机构名称', 'give the institution’s name');
  await requireCity(db, f.cityCode);
  if (!Object.hasOwn(INSTITUTION_TYPE_NAMES, f.type))
    throw invalid('BAD_TYPE', 'type', `机构类型 ${f.type} 不存在`, `no such institution type: ${f.type}`);
  for (const [i, s] of f.sites.entries())
    if (!s.name.trim() || !s.address.trim())
      throw invalid(
        'SITE_INCOMPLETE',
        `sites.${i}`,
        `第${i + 1}个场所须填写名称和地址`,
        `site ${i + 1} needs a name and an address`,
      );
  for (const o of f.occupations) {
    await requireOccupation(db, o.occupationCode);
    await requireLevel(db, o.level);
  }
  for (const [i, t] of f.teachers.entries())
    if (!t.name.trim() || !t.qualification.trim())
      throw invalid(
        'TEACHER_INCOMPLETE',
        `teachers.${i}`,
        `第${i + 1}名教师须填写姓名和资格`,
        `teacher ${i + 1} needs a name and a qualification`,
      );
  if (f.capacity < 1 || f.capacity > 100_000)
    throw invalid('BAD_CAPACITY', 'capacity', '在训容量应为1–100000的整数', 'capacity must be 1–100,000');
  if (!f.contactName.trim()) throw invalid('CONTACT_REQUIRED', 'contactName', '请填写联系人', 'give a contact person');
  const phone = normalisedPhone(f.contactPhone);
  if (!/^1\d{10}$/.test(phone) && !/^0\d{9,11}$/.test(phone))
    throw invalid('BAD_PHONE', 'contactPhone', '联系电话格式不正确', 'the contact phone number is not valid');
  const [listed] = await db.query<{ roles: string[]; listedFrom: string | null; blacklistedFrom: string | null }>(
    'SELECT roles, listed_from AS "listedFrom", blacklisted_from AS "blacklistedFrom" FROM registry.institutions WHERE credit_code = $1',
    [f.creditCode],
  );
  if (blacklistedBy(listed, today))
    throw new Forbidden(
      'INSTITUTION_BLACKLISTED',
      '该机构已列入黑名单，不能申请遴选',
      'a blacklisted institution may not apply',
    );
  return { ...f, name: f.name.trim(), contactName: f.contactName.trim(), contactPhone: phone };
}

/**
 * Submits an application with 1–3 documents; answers its number and the access key (shown once,
 * kept only as a hash). One open application per credit code. Audited.
 */
export async function submitApplication(
  db: Db,
  form: TApplicationForm,
  documents: Attachment[],
  clock: Clock = systemClock,
): Promise<{ id: string; number: string; accessKey: string }> {
  const now = clock.now();
  const f = await checkForm(db, form, chinaDate(now));
  if (documents.length < MIN_DOCUMENTS)
    throw invalid(
      'DOCUMENTS_REQUIRED',
      'files',
      '请上传证明材料（至少1份）',
      'attach at least one supporting document',
    );
  const criteria = await currentCriteria(db);
  const id = newId();
  const accessKey = newToken(18);
  const year = chinaDate(now).slice(0, 4);
  const number = await db.transaction(async (tx) => {
    const prefix = `XS${year}`;
    const [{ used }] = await tx.query<{ used: number }>(
      `SELECT COALESCE(max(substr(number, 7)::int), 0)::int AS used FROM selection_applications WHERE number ~ $1`,
      [`^${prefix}[0-9]{4,9}$`],
    );
    const number = `${prefix}${String(await nextNumber(tx, `selection:${prefix}`, used)).padStart(4, '0')}`;
    const inserted = await tx.query(
      `INSERT INTO selection_applications (id, number, key_hash, credit_code, name, city_code, type, roles, sites, occupations,
         teachers, capacity, contact_name, contact_phone, criteria_version, submitted_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
       ON CONFLICT (credit_code) WHERE status IN ('submitted', 'notice') DO NOTHING RETURNING id`,
      [
        id,
        number,
        hashKey(accessKey),
        f.creditCode,
        f.name,
        f.cityCode,
        f.type,
        [...new Set(f.roles)],
        JSON.stringify(f.sites),
        JSON.stringify(f.occupations.map((o) => ({ occupationCode: o.occupationCode, level: o.level ?? null }))),
        JSON.stringify(f.teachers),
        f.capacity,
        f.contactName,
        f.contactPhone,
        criteria.version,
        now,
      ],
    );
    if (inserted.length === 0)
      throw new Conflict(
        'APPLICATION_OPEN',
        '该机构已有评审中或公示中的遴选申请',
        'this institution already has an application under review or in notice',
      );
    for (const [i, d] of documents.entries())
      await tx.query(
        'INSERT INTO selection_documents (application_id, n, file_name, media_type, size, content) VALUES ($1,$2,$3,$4,$5,$6)',
        [id, i + 1, d.fileName, d.mediaType, d.content.length, d.content],
      );
    await recordAudit(
      tx,
      [
        {
          actor: `applicant:${f.creditCode}`,
          action: 'selection.submit',
          entity: 'selection_application',
          entityId: id,
          after: {
            number,
            credit_code: f.creditCode,
            city: f.cityCode,
            roles: f.roles,
            capacity: f.capacity,
            criteria_version: criteria.version,
            documents: documents.map((d) => ({ type: d.mediaType, bytes: d.content.length })),
          },
        },
      ],
      clock,
    );
    return number;
  });
  return { id, number, accessKey };
}

interface Row {
  id: string;
  number: string;
  key_hash: string;
  credit_code: string;
  name: string;
  city_code: string;
  type: string;
  roles: string[];
  sites: TApplication['sites'];
  occupations: TApplication['occupations'];
  teachers: TApplication['teachers'];
  capacity: number;
  contact_name: string;
  contact_phone: string;
  criteria_version: number;
  status: ApplicationStatus;
  submitted_at: Date;
  result_centi: number | null;
  notice_from: string | null;
  notice_until: string | null;
  listed_on: string | null;
  listed_until: string | null;
  decision_note: string | null;
}

/** The application row (no documents), or undefined. */
export async function applicationRow(db: Db, id: string, lock = false): Promise<Row | undefined> {
  const [r] = await db.query<Row>(`SELECT * FROM selection_applications WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return r;
}

/** Whether `username` is an appointed expert on the application. */
export async function isExpertOn(db: Db, id: string, username: string): Promise<boolean> {
  return (
    (await db.query('SELECT 1 FROM selection_experts WHERE application_id = $1 AND username = $2', [id, username]))
      .length > 0
  );
}

type Viewer = { kind: 'applicant' } | { kind: 'official' } | { kind: 'expert'; username: string };

async function present(db: Db, r: Row, viewer: Viewer): Promise<TApplication> {
  const documents = await db.query<TApplication['documents'][number]>(
    `SELECT n, file_name AS "fileName", media_type AS "mediaType", size FROM selection_documents WHERE application_id = $1 ORDER BY n`,
    [r.id],
  );
  const experts =
    viewer.kind === 'applicant'
      ? []
      : await db.query<{
          username: string;
          display_name: string;
          conflict: boolean | null;
          conflict_note: string | null;
          scores: Record<string, number> | null;
          total_centi: number | null;
          comment: string | null;
          scored_at: Date | null;
        }>(
          `SELECT username, display_name, conflict, conflict_note, scores, total_centi, comment, scored_at
           FROM selection_experts WHERE application_id = $1 AND ($2::text IS NULL OR username = $2) ORDER BY assigned_at, username`,
          [r.id, viewer.kind === 'expert' ? viewer.username : null],
        );
  const objections = await db.query<TApplication['objections'][number]>(
    `SELECT id, reason, contact, filed_at AS "filedAt", status, answer FROM selection_objections
     WHERE application_id = $1 ORDER BY filed_at`,
    [r.id],
  );
  return {
    id: r.id,
    number: r.number,
    creditCode: r.credit_code,
    name: r.name,
    cityCode: r.city_code,
    type: r.type,
    roles: r.roles,
    sites: r.sites,
    occupations: r.occupations,
    teachers: r.teachers,
    capacity: r.capacity,
    contactName: r.contact_name,
    contactPhone: viewer.kind === 'expert' ? maskPhone(r.contact_phone) : r.contact_phone,
    criteriaVersion: r.criteria_version,
    status: r.status,
    submittedAt: r.submitted_at,
    result: r.result_centi === null ? null : r.result_centi / 100,
    noticeFrom: r.notice_from,
    noticeUntil: r.notice_until,
    listedOn: r.listed_on,
    listedUntil: r.listed_until,
    decisionNote: r.decision_note,
    documents,
    experts: experts.map((e) => ({
      username: e.username,
      displayName: e.display_name,
      conflict: e.conflict,
      conflictNote: e.conflict_note,
      scores: e.scores,
      total: e.total_centi === null ? null : e.total_centi / 100,
      comment: e.comment,
      scoredAt: e.scored_at,
    })),
    // The applicant reads the objections' status and answers, not who lodged them.
    objections: objections.map((o) => (viewer.kind === 'applicant' ? { ...o, contact: null } : o)),
  };
}

/** Checks the applicant's key against the stored hash (constant time); a wrong key is "not found". */
async function applicantRow(db: Db, number: string, key: string | undefined): Promise<Row> {
  const [r] = await db.query<Row>('SELECT * FROM selection_applications WHERE number = $1', [number]);
  const ok = !!r && !!key && timingSafeEqual(Buffer.from(hashKey(key)), Buffer.from(r.key_hash));
  if (!ok) throw new NotFound({ zh: '遴选申请', en: 'selection application' });
  return r;
}

/** 我的申请: the applicant's own application, by its number and access key. */
export async function applicantView(db: Db, number: string, key: string | undefined): Promise<TApplication> {
  return present(db, await applicantRow(db, number, key), { kind: 'applicant' });
}

/** One application for an official in scope or one of its experts. */
export async function officialView(db: Db, actor: Actor, id: string): Promise<TApplication> {
  const r = await applicationRow(db, id);
  const expert = !!r && (await isExpertOn(db, id, actor.username));
  const manages = actor.role === 'province_admin' || (actor.role === 'city_officer' && r?.city_code === actor.cityCode);
  assertMayRead(actor, r, expert);
  return present(db, r, manages ? { kind: 'official' } : { kind: 'expert', username: actor.username });
}

async function documentBytes(db: Db, id: string, n: number) {
  const [f] = await db.query<{ file_name: string; media_type: string; content: Buffer | Uint8Array }>(
    'SELECT file_name, media_type, content FROM selection_documents WHERE application_id = $1 AND n = $2',
    [id, n],
  );
  if (!f) throw new NotFound({ zh: '材料', en: 'document' });
  return { fileName: f.file_name, mediaType: f.media_type, content: Buffer.from(f.content) };
}

/** A document, for the applicant holding the key. */
export async function applicantDocument(db: Db, number: string, key: string | undefined, n: number) {
  const r = await applicantRow(db, number, key);
  return documentBytes(db, r.id, n);
}

/** A document, for an official in scope or an appointed expert (audited: these are the applicant's papers). */
export async function officialDocument(db: Db, actor: Actor, id: string, n: number) {
  const r = await applicationRow(db, id);
  assertMayRead(actor, r, !!r && (await isExpertOn(db, id, actor.username)));
  const f = await documentBytes(db, id, n);
  await recordAudit(db, [
    {
      actor: actorName(actor),
      action: 'selection.document.read',
      entity: 'selection_application',
      entityId: id,
      after: { n },
    },
  ]);
  return f;
}

/**
 * 机构遴选 list: the province sees all (or one city), a city officer its city, and every official
 * also the applications they were appointed to score. Newest first.
 */
export async function listApplications(db: Db, actor: Actor, q: { status?: string; city?: string }) {
  if (!['province_admin', 'city_officer', 'department_officer'].includes(actor.role)) throw new Forbidden();
  const manages = actor.role === 'province_admin' || actor.role === 'city_officer';
  const city = cityScope(actor) ?? q.city ?? null;
  const rows = await db.query<{
    id: string;
    number: string;
    credit_code: string;
    name: string;
    city_code: string;
    status: ApplicationStatus;
    submitted_at: Date;
    experts: number;
    scored: number;
    result_centi: number | null;
    notice_until: string | null;
    open_objections: number;
    mine: boolean;
  }>(
    `SELECT a.id, a.number, a.credit_code, a.name, a.city_code, a.status, a.submitted_at, a.result_centi, a.notice_until,
       (SELECT count(*)::int FROM selection_experts e WHERE e.application_id = a.id) AS experts,
       (SELECT count(*)::int FROM selection_experts e WHERE e.application_id = a.id AND e.total_centi IS NOT NULL) AS scored,
       (SELECT count(*)::int FROM selection_objections o WHERE o.application_id = a.id AND o.status = 'open') AS open_objections,
       EXISTS (SELECT 1 FROM selection_experts e WHERE e.application_id = a.id AND e.username = $4) AS mine
     FROM selection_applications a
     WHERE (($1::boolean AND ($2::text IS NULL OR a.city_code = $2))
            OR EXISTS (SELECT 1 FROM selection_experts e WHERE e.application_id = a.id AND e.username = $4))
       AND ($3::text IS NULL OR a.status = $3)
     ORDER BY a.submitted_at DESC, a.id LIMIT 500`,
    [manages, city, q.status ?? null, actor.username],
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    creditCode: r.credit_code,
    name: r.name,
    cityCode: r.city_code,
    status: r.status,
    submittedAt: r.submitted_at,
    experts: r.experts,
    scored: r.scored,
    result: r.result_centi === null ? null : r.result_centi / 100,
    noticeUntil: r.notice_until,
    openObjections: r.open_objections,
    mine: r.mine,
  }));
}
