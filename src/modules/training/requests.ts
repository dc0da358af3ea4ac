import type { Db } from '../../db/client.ts';
import { actorName, assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { likeText, orderBy, pageBounds, type PageQuery } from '../../kernel/listing.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { requireLevel, requireOccupation } from '../catalog/index.ts';
import { requirePerson } from '../registry/index.ts';
import { requireOpenClass } from './courses.ts';
import type { TTrainingRequest, TTrainingRequestCreated } from './training.schema.ts';

export interface NewRequest {
  /** Required when a city officer asks on a worker's behalf; a worker asks for themselves. */
  idNumber?: string;
  /** Required unless the request names a class. */
  occupationCode?: string;
  level?: string | null;
  note?: string | null;
  /** 找培训 → 我要报名: the open class asked for; its occupation and level are the request's. */
  classCode?: string | null;
}

/**
 * 点单: a worker asks for training in an occupation (a city officer may ask for a resident of their
 * city). The request counts as demand in the person's city until a project serves it.
 *
 * From 找培训 the request names an open class (`classCode`): the class's occupation and level are
 * asked for, and the class's city sees who asked on the project page. A worker already in the class,
 * or who already asked for it, is told so; an open request for the same occupation without a class
 * is linked to the class (one open request per worker and occupation stays the rule).
 */
export async function createRequest(
  db: Db,
  vault: PiiVault,
  actor: Actor,
  input: NewRequest,
  clock: Clock = systemClock,
): Promise<TTrainingRequestCreated> {
  let person: { person_key: string; city_code: string };
  if (actor.role === 'worker' && actor.personKey) {
    const [p] = await db.query<{ person_key: string; city_code: string }>(
      'SELECT person_key, city_code FROM registry.persons WHERE person_key = $1',
      [actor.personKey],
    );
    if (!p) throw new NotFound({ zh: '实名信息', en: 'registry entry' });
    person = p;
  } else if (actor.role === 'city_officer' || actor.role === 'province_admin') {
    if (!input.idNumber)
      throw new Invalid('ID_REQUIRED', '请填写劳动者身份证号', 'enter the worker’s ID number', { field: 'idNumber' });
    person = await requirePerson(db, vault, input.idNumber);
    assertCity(actor, person.city_code);
  } else throw new Forbidden();
  const wanted = input.classCode ? await requireOpenClass(db, input.classCode, chinaDate(clock.now())) : null;
  if (!wanted && !input.occupationCode)
    throw new Invalid('OCCUPATION_REQUIRED', '请选择职业', 'choose an occupation', { field: 'occupationCode' });
  const occupation = await requireOccupation(db, wanted ? wanted.occupation_code : input.occupationCode!);
  const level = wanted ? wanted.level : await requireLevel(db, input.level);
  return db.transaction(async (tx) => {
    if (wanted) {
      const [here] = await tx.query('SELECT 1 FROM enrolments WHERE project_code = $1 AND person_key = $2', [
        wanted.project_code,
        person.person_key,
      ]);
      if (here) throw new Conflict('ALREADY_ENROLLED', '您已在该班级中，无需再报名', 'you are already in this class');
    }
    const requestId = `TR${newId().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    // The partial unique index (one open request per worker and occupation) decides between parallel requests.
    const [stored] = await tx.query(
      `INSERT INTO training_requests (request_id, person_key, occupation_code, level, city_code, note, class_code, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (person_key, occupation_code) WHERE status = 'open' DO NOTHING RETURNING request_id`,
      [
        requestId,
        person.person_key,
        occupation.code,
        level,
        person.city_code,
        input.note?.trim() || null,
        wanted?.project_code ?? null,
        actorName(actor),
      ],
    );
    const created = (id: string) => ({
      requestId: id,
      occupationCode: occupation.code,
      occupationName: occupation.name,
      level,
      cityCode: person.city_code,
      status: 'open',
      classCode: wanted?.project_code ?? null,
    });
    if (!stored) {
      const [open] = await tx.query<{ request_id: string; class_code: string | null; level: string | null }>(
        `SELECT request_id, class_code, level FROM training_requests WHERE person_key = $1 AND occupation_code = $2 AND status = 'open' FOR UPDATE`,
        [person.person_key, occupation.code],
      );
      if (open && wanted && open.class_code === wanted.project_code)
        throw new Conflict(
          'ALREADY_REQUESTED',
          `您已报名该班级（点单 ${open.request_id}），请等待培训机构联系`,
          `you have already asked to join this class (request ${open.request_id}); the institution will contact you`,
        );
      if (open && wanted && open.class_code)
        throw new Conflict(
          'OTHER_CLASS_REQUESTED',
          `您已报名同一职业的另一个班级 ${open.class_code}（点单 ${open.request_id}），如需改报请先在「我的培训」撤回`,
          `you have asked to join another class of this occupation, ${open.class_code} (request ${open.request_id}); withdraw it under My training first`,
        );
      if (open && wanted) {
        // An open request for the occupation without a class: this is the class it asks for now.
        await tx.query('UPDATE training_requests SET class_code = $2, level = $3 WHERE request_id = $1', [
          open.request_id,
          wanted.project_code,
          level,
        ]);
        await recordAudit(
          tx,
          [
            {
              actor: actorName(actor),
              action: 'training_request.link_class',
              entity: 'training_request',
              entityId: open.request_id,
              before: { class: null, level: open.level },
              after: { class: wanted.project_code, level },
            },
          ],
          clock,
        );
        return created(open.request_id);
      }
      const which = open ? `（${open.request_id}）` : '';
      throw new Conflict(
        'DUPLICATE_REQUEST',
        `已有该职业的未办结点单${which}`,
        `an open request for this occupation exists${open ? ` (${open.request_id})` : ''}`,
      );
    }
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'training_request.create',
          entity: 'training_request',
          entityId: requestId,
          after: { occupation: occupation.code, level, city: person.city_code, class: wanted?.project_code ?? null },
        },
      ],
      clock,
    );
    return created(requestId);
  });
}

/** What the request list may be narrowed to, beside the caller's scope. */
export interface RequestQuery extends PageQuery {
  status?: string;
  city?: string;
  occupation?: string;
  /** Part of the request number, the person's name or masked ID, or the occupation's name (the dispatch form's search). */
  q?: string;
}

/** The one filter behind the request list and its count: the caller's scope, then the query. */
function requestsWhere(actor: Actor, query: RequestQuery) {
  if (!['province_admin', 'city_officer', 'department_officer', 'worker'].includes(actor.role)) throw new Forbidden();
  return {
    from: `FROM training_requests r JOIN registry.persons p ON p.person_key = r.person_key
     LEFT JOIN catalog.occupations o ON o.code = r.occupation_code LEFT JOIN catalog.cities c ON c.code = r.city_code
     WHERE ($1::text IS NULL OR r.city_code = $1) AND ($2::text IS NULL OR r.person_key = $2)
       AND ($3::text[] IS NULL OR o.sector = ANY($3::text[])) AND ($4::text IS NULL OR r.status = $4)
       AND ($5::text IS NULL OR r.city_code = $5) AND ($6::text IS NULL OR r.occupation_code = $6)
       AND ($7::text IS NULL OR r.request_id ILIKE '%' || $7 || '%' OR p.name ILIKE '%' || $7 || '%'
            OR p.id_masked ILIKE '%' || $7 || '%' OR o.name ILIKE '%' || $7 || '%')`,
    params: [
      cityScope(actor),
      actor.role === 'worker' ? actor.personKey : null,
      actor.role === 'department_officer' ? actor.sectors : null,
      query.status ?? null,
      query.city ?? null,
      query.occupation ?? null,
      likeText(query.q),
    ],
  };
}

/** The columns the request list may be sorted by (never the caller's text in SQL). */
const REQUEST_SORTS: Record<string, string> = {
  request_id: 'r.request_id',
  person_name: 'p.name',
  occupation_name: 'o.name',
  city_name: 'r.city_code',
  status: 'r.status',
  created_at: 'r.created_at',
};
/** The most rows one export carries. */
export const REQUEST_EXPORT_CAP = 100_000;

/**
 * Requests in the caller's scope (their own for a worker, their city's for a city officer),
 * filtered, sorted and one page of them with the total (`page: false`: every match up to the cap,
 * for the XLSX export).
 */
export async function listRequests(
  db: Db,
  actor: Actor,
  query: RequestQuery = {},
  page = true,
): Promise<{ items: TTrainingRequest[]; total: number }> {
  const { from, params } = requestsWhere(actor, query);
  const { limit, offset } = page ? pageBounds(query) : { limit: REQUEST_EXPORT_CAP, offset: 0 };
  const items = await db.query<TTrainingRequest>(
    `SELECT r.request_id, r.occupation_code, o.name AS occupation_name, r.level, r.city_code, c.name AS city_name, r.note, r.status,
            r.project_code, r.class_code, r.created_at, p.name AS person_name, p.id_masked
     ${from}
     ${orderBy(query, REQUEST_SORTS, 'r.created_at DESC', 'r.request_id')} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { items, total: await countRequests(db, actor, query) };
}

/** How many requests match the list's filter for this caller (the home page's to-do counts). */
export async function countRequests(db: Db, actor: Actor, query: RequestQuery = {}) {
  const { from, params } = requestsWhere(actor, query);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  return n;
}

/** A worker withdraws their own open request. */
export async function withdrawRequest(db: Db, actor: Actor, requestId: string) {
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{ person_key: string; status: string }>(
      'SELECT person_key, status FROM training_requests WHERE request_id = $1 FOR UPDATE',
      [requestId],
    );
    if (!r) throw new NotFound({ zh: '点单', en: 'training request' });
    if (actor.role !== 'worker' || actor.personKey !== r.person_key) throw new Forbidden();
    if (r.status !== 'open')
      throw new Conflict('REQUEST_NOT_OPEN', '该点单已办结，不能撤回', 'this request is no longer open');
    await tx.query(`UPDATE training_requests SET status = 'withdrawn' WHERE request_id = $1`, [requestId]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'training_request.withdraw',
        entity: 'training_request',
        entityId: requestId,
        before: { status: 'open' },
        after: { status: 'withdrawn' },
      },
    ]);
    return { requestId, status: 'withdrawn' };
  });
}
