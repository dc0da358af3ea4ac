import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { CARRIER_KINDS, PROGRAMMES } from './programme-list.ts';
import {
  assertMayRegisterCarrier,
  assertMayTagProject,
  CARRIER_OF_ANOTHER_CITY,
  mayTagWithCarrier,
} from './programmes.policy.ts';

/** Seeds (and refreshes the names and sources of) the annex's programmes on start. */
export async function seedProgrammes(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO programmes (code, name_zh, name_en, key_task, source)
     SELECT x.code, x.zh, x.en, x.key_task, x.source FROM jsonb_to_recordset($1::jsonb) AS x(code text, zh text, en text, key_task int, source text)
     ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, key_task = EXCLUDED.key_task, source = EXCLUDED.source
     WHERE (programmes.name_zh, programmes.name_en, programmes.key_task, programmes.source) IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.key_task, EXCLUDED.source)`,
    [JSON.stringify(PROGRAMMES.map((p) => ({ ...p, key_task: p.keyTask })))],
  );
}

/** The programmes with the key task that names them (everyone signed in as an official reads the list). */
export async function listProgrammes(db: Db) {
  return db.query<{ code: string; name_zh: string; name_en: string; key_task: number; source: string }>(
    'SELECT code, name_zh, name_en, key_task, source FROM programmes ORDER BY key_task, code',
  );
}

export interface Carrier {
  id: string;
  kind: string;
  name: string;
  city_code: string;
  city_name: string;
  owner: string;
  members: { enterpriseKey: string; enterpriseName: string }[];
}

/** The register of carriers; a city officer sees (and may tag with) its own city's. */
export async function listCarriers(db: Db, actor: Actor): Promise<Carrier[]> {
  return db.query<Carrier>(
    `SELECT c.id, c.kind, c.name, c.city_code, ci.name AS city_name, c.owner,
       COALESCE((SELECT jsonb_agg(jsonb_build_object('enterpriseKey', m.enterprise_key, 'enterpriseName', m.enterprise_name) ORDER BY m.enterprise_name)
                 FROM carrier_members m WHERE m.carrier_id = c.id), '[]'::jsonb) AS members
     FROM carriers c JOIN catalog.cities ci ON ci.code = c.city_code
     WHERE $1::text IS NULL OR c.city_code = $1
     ORDER BY c.kind, c.city_code, c.name`,
    [actor.role === 'city_officer' ? actor.cityCode : null],
  );
}

export interface NewCarrier {
  kind: string;
  name: string;
  cityCode: string;
  owner: string;
  members: { enterpriseKey?: string; enterpriseName: string }[];
}

/** A carrier's identity in the register: its city, kind and name (docs/programmes.md § Uploading the register). */
export const registerKey = (c: { cityCode: string; kind: string; name: string }): string =>
  `${c.cityCode}\u0000${c.kind}\u0000${c.name}`;

/** A carrier as the register holds it, members sorted by key (for comparing with a file's row). */
export interface RegisteredCarrier {
  id: string;
  kind: string;
  name: string;
  cityCode: string;
  owner: string;
  members: { key: string; name: string }[];
}

/** A carrier as written: what the form or an uploaded row gives, trimmed and keyed. */
export interface CarrierContent {
  kind: string;
  name: string;
  cityCode: string;
  owner: string;
  members: { key: string; name: string }[];
}

const byKey = (members: { key: string; name: string }[]) =>
  members.map(({ key, name }) => ({ key, name })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/**
 * Locks the register against other writers of carriers until the transaction ends (readers are not
 * held up) and reads it by identity — all of it, or the one carrier `only` names: two uploads, or an
 * upload and the form, never register the same carrier twice.
 */
export async function lockCarrierRegister(
  tx: Db,
  only?: { cityCode: string; kind: string; name: string },
): Promise<Map<string, RegisteredCarrier[]>> {
  await tx.query('LOCK TABLE carriers IN SHARE ROW EXCLUSIVE MODE');
  const rows = await tx.query<RegisteredCarrier>(
    `SELECT c.id::text AS id, c.kind, c.name, c.city_code AS "cityCode", c.owner,
       COALESCE((SELECT jsonb_agg(jsonb_build_object('key', m.enterprise_key, 'name', m.enterprise_name))
                 FROM carrier_members m WHERE m.carrier_id = c.id), '[]'::jsonb) AS members
     FROM carriers c
     WHERE $1::text IS NULL OR (c.city_code = $1 AND c.kind = $2 AND c.name = $3)
     ORDER BY c.id`,
    [only?.cityCode ?? null, only?.kind ?? null, only?.name ?? null],
  );
  const register = new Map<string, RegisteredCarrier[]>();
  for (const r of rows) {
    const key = registerKey(r);
    register.set(key, [...(register.get(key) ?? []), { ...r, members: byKey(r.members) }]);
  }
  return register;
}

/** Whether a registered carrier already has this owner and exactly these members (then nothing is written). */
export const sameCarrier = (old: RegisteredCarrier, c: CarrierContent): boolean =>
  old.owner === c.owner && JSON.stringify(old.members) === JSON.stringify(byKey(c.members));

/** Writes a new carrier, or replaces a registered one's owner and members (in the caller's transaction). */
export async function writeCarrier(
  tx: Db,
  id: string,
  c: CarrierContent,
  by: string,
  old: RegisteredCarrier | null,
): Promise<void> {
  if (old) {
    await tx.query('UPDATE carriers SET owner = $2 WHERE id = $1 AND owner IS DISTINCT FROM $2', [id, c.owner]);
    await tx.query('DELETE FROM carrier_members WHERE carrier_id = $1', [id]);
  } else
    await tx.query('INSERT INTO carriers (id, kind, name, city_code, owner, created_by) VALUES ($1,$2,$3,$4,$5,$6)', [
      id,
      c.kind,
      c.name,
      c.cityCode,
      c.owner,
      by,
    ]);
  if (c.members.length)
    await tx.query(
      `INSERT INTO carrier_members (carrier_id, enterprise_key, enterprise_name)
       SELECT $1, m.key, m.name FROM jsonb_to_recordset($2::jsonb) AS m(key text, name text)`,
      [id, JSON.stringify(c.members)],
    );
}

/**
 * The audit entry of a carrier registered (`carrier.register`) or changed (`carrier.update`, before
 * and after); `source`: the uploaded file and line the change came from.
 */
export function carrierAudit(
  by: string,
  id: string,
  c: CarrierContent,
  old: RegisteredCarrier | null,
  source?: { file: string; line: number },
) {
  const from = source ? { source } : {};
  return old
    ? {
        actor: by,
        action: 'carrier.update',
        entity: 'carrier',
        entityId: id,
        before: { owner: old.owner, members: old.members },
        after: { owner: c.owner, members: byKey(c.members), ...from },
      }
    : {
        actor: by,
        action: 'carrier.register',
        entity: 'carrier',
        entityId: id,
        before: null,
        after: { kind: c.kind, name: c.name, cityCode: c.cityCode, owner: c.owner, members: c.members, ...from },
      };
}

/**
 * The province registers a carrier with its member enterprises (a chain leader's ecosystem); audited.
 * A carrier of the same city, name and kind is already registered: refused (`DUPLICATE_CARRIER`) —
 * the register's upload changes it.
 */
export async function registerCarrier(db: Db, actor: Actor, input: NewCarrier): Promise<Carrier> {
  assertMayRegisterCarrier(actor);
  if (!(CARRIER_KINDS as readonly string[]).includes(input.kind))
    throw new Invalid(
      'BAD_CARRIER_KIND',
      `载体类型应为 ${CARRIER_KINDS.join('、')}`,
      `kind must be one of ${CARRIER_KINDS.join(', ')}`,
      {
        field: 'kind',
      },
    );
  const [city] = await db.query('SELECT 1 FROM catalog.cities WHERE code = $1', [input.cityCode]);
  if (!city)
    throw new Invalid('UNKNOWN_CITY', `没有城市 ${input.cityCode}`, `${input.cityCode} is not a city`, {
      field: 'cityCode',
    });
  const members = input.members.map((m) => ({
    key: m.enterpriseKey?.trim() || m.enterpriseName.trim(),
    name: m.enterpriseName.trim(),
  }));
  if (new Set(members.map((m) => m.key)).size !== members.length)
    throw new Invalid('DUPLICATE_MEMBER', '成员企业重复', 'a member enterprise is listed twice', { field: 'members' });
  const carrier = {
    kind: input.kind,
    name: input.name.trim(),
    cityCode: input.cityCode,
    owner: input.owner.trim(),
    members,
  };
  const id = newId();
  await db.transaction(async (tx) => {
    if ((await lockCarrierRegister(tx, carrier)).size)
      throw new Conflict(
        'DUPLICATE_CARRIER',
        `该设区市已登记同名同类型的培训载体“${carrier.name}”；如需修改，请用批量导入更新`,
        `the city already has a carrier "${carrier.name}" of this kind; upload the register to change it`,
        { field: 'name' },
      );
    await writeCarrier(tx, id, carrier, actorName(actor), null);
    await recordAudit(tx, [carrierAudit(actorName(actor), id, carrier, null)]);
  });
  const [registered] = (await listCarriers(db, actor)).filter((c) => c.id === id);
  return registered!;
}

export interface ProjectTags {
  projectCode: string;
  programmes: string[];
  carriers: string[];
}

async function tagsOf(db: Db, projectCode: string): Promise<ProjectTags> {
  const [row] = await db.query<{ programmes: string[]; carriers: string[] }>(
    `SELECT ARRAY(SELECT programme_code FROM project_programmes WHERE project_code = $1 ORDER BY 1) AS programmes,
            ARRAY(SELECT carrier_id::text FROM project_carriers WHERE project_code = $1 ORDER BY 1) AS carriers`,
    [projectCode],
  );
  return { projectCode, programmes: row!.programmes, carriers: row!.carriers };
}

async function projectCity(db: Db, projectCode: string): Promise<{ city_code: string }> {
  const [project] = await db.query<{ city_code: string }>(
    'SELECT city_code FROM training.projects WHERE project_code = $1',
    [projectCode],
  );
  if (!project) throw new NotFound({ zh: '项目', en: 'project' });
  return project;
}

/** A project's tags, for whoever may tag it. */
export async function projectTags(db: Db, actor: Actor, projectCode: string): Promise<ProjectTags> {
  assertMayTagProject(actor, await projectCity(db, projectCode));
  return tagsOf(db, projectCode);
}

/**
 * Sets a project's programmes and carriers (replacing the previous ones), at dispatch or later, by
 * its city or the province; audited with before and after. Unknown codes are refused, naming them.
 */
export async function tagProject(
  db: Db,
  actor: Actor,
  projectCode: string,
  input: { programmes: string[]; carriers: string[] },
): Promise<ProjectTags> {
  assertMayTagProject(actor, await projectCity(db, projectCode));
  const programmes = [...new Set(input.programmes)].sort();
  const carriers = [...new Set(input.carriers)].sort();
  const known = new Set((await db.query<{ code: string }>('SELECT code FROM programmes')).map((p) => p.code));
  const unknown = programmes.filter((p) => !known.has(p));
  if (unknown.length)
    throw new Invalid('UNKNOWN_PROGRAMME', `没有专项计划 ${unknown.join('、')}`, `no programme ${unknown.join(', ')}`, {
      field: 'programmes',
    });
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const found = new Map(
    (
      await db.query<{ id: string; name: string; city_code: string }>(
        'SELECT id::text AS id, name, city_code FROM carriers WHERE id = ANY($1::uuid[])',
        [carriers.filter((c) => uuid.test(c))],
      )
    ).map((c) => [c.id, c]),
  );
  const missing = carriers.filter((c) => !found.has(c));
  if (missing.length)
    throw new Invalid('UNKNOWN_CARRIER', `没有培训载体 ${missing.join('、')}`, `no carrier ${missing.join(', ')}`, {
      field: 'carriers',
    });
  const foreign = [...found.values()].filter((c) => !mayTagWithCarrier(actor, c.city_code)).map((c) => c.name);
  if (foreign.length)
    throw new Forbidden(
      'CARRIER_OF_ANOTHER_CITY',
      CARRIER_OF_ANOTHER_CITY.zh(foreign.join('、')),
      CARRIER_OF_ANOTHER_CITY.en(foreign.join(', ')),
    );
  return db.transaction(async (tx) => {
    const before = await tagsOf(tx, projectCode);
    await tx.query(
      'DELETE FROM project_programmes WHERE project_code = $1 AND NOT (programme_code = ANY($2::text[]))',
      [projectCode, programmes],
    );
    await tx.query('DELETE FROM project_carriers WHERE project_code = $1 AND NOT (carrier_id = ANY($2::uuid[]))', [
      projectCode,
      carriers,
    ]);
    if (programmes.length)
      await tx.query(
        `INSERT INTO project_programmes (project_code, programme_code, tagged_by) SELECT $1, p, $3 FROM unnest($2::text[]) AS p ON CONFLICT DO NOTHING`,
        [projectCode, programmes, actorName(actor)],
      );
    if (carriers.length)
      await tx.query(
        `INSERT INTO project_carriers (project_code, carrier_id, tagged_by) SELECT $1, c, $3 FROM unnest($2::uuid[]) AS c ON CONFLICT DO NOTHING`,
        [projectCode, carriers, actorName(actor)],
      );
    const after = { projectCode, programmes, carriers };
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'project.tags',
        entity: 'project',
        entityId: projectCode,
        before: { programmes: before.programmes, carriers: before.carriers },
        after: { programmes, carriers },
      },
    ]);
    return after;
  });
}

/** The programmes by code and by Chinese name, for reading an import's `programmes` cell. */
export async function programmeCodes(db: Db): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM programmes');
  return new Map(rows.flatMap((p) => [[p.code, p.code] as const, [p.name_zh, p.code] as const]));
}

/** A carrier as an import's `projects.carriers` cell may name it: by id or by name. */
export interface CarrierKey {
  id: string;
  cityCode: string;
}

/**
 * The register's carriers by id and by name, for reading an import's `carriers` cell (a name two
 * carriers share maps to both: the row must then give the id).
 */
export async function carrierKeys(db: Db): Promise<Map<string, CarrierKey[]>> {
  const rows = await db.query<{ id: string; name: string; city_code: string }>(
    'SELECT id::text AS id, name, city_code FROM carriers ORDER BY id',
  );
  const keys = new Map<string, CarrierKey[]>();
  for (const r of rows) {
    const key = { id: r.id, cityCode: r.city_code };
    keys.set(r.id, [key]);
    keys.set(r.name, [...(keys.get(r.name) ?? []), key]);
  }
  return keys;
}

/**
 * The import's `programmes` and `carriers` columns (docs/import-files.md § projects.programmes and
 * carriers): each row that names programmes replaces its project's programme tags, each that names
 * carriers its carrier tags (null: that kind is kept), audited `project.tags` like the project
 * page's change; a row whose tags are already those writes nothing. The rows were checked (known
 * programmes and carriers, an importer who tags, the project's and the carriers' city).
 */
export async function writeProjectTagRows(
  tx: Db,
  rows: { project_code: string; programmes: string[] | null; carriers: string[] | null }[],
  actor: string,
): Promise<void> {
  const audit = [];
  for (const r of rows) {
    const before = await tagsOf(tx, r.project_code);
    const programmes = r.programmes ? [...new Set(r.programmes)].sort() : before.programmes;
    const carriers = r.carriers ? [...new Set(r.carriers)].sort() : before.carriers;
    if (before.programmes.join(';') === programmes.join(';') && before.carriers.join(';') === carriers.join(';'))
      continue;
    if (r.programmes) {
      await tx.query(
        'DELETE FROM project_programmes WHERE project_code = $1 AND NOT (programme_code = ANY($2::text[]))',
        [r.project_code, programmes],
      );
      await tx.query(
        `INSERT INTO project_programmes (project_code, programme_code, tagged_by) SELECT $1, p, $3 FROM unnest($2::text[]) AS p ON CONFLICT DO NOTHING`,
        [r.project_code, programmes, actor],
      );
    }
    if (r.carriers) {
      await tx.query('DELETE FROM project_carriers WHERE project_code = $1 AND NOT (carrier_id = ANY($2::uuid[]))', [
        r.project_code,
        carriers,
      ]);
      await tx.query(
        `INSERT INTO project_carriers (project_code, carrier_id, tagged_by) SELECT $1, c, $3 FROM unnest($2::uuid[]) AS c ON CONFLICT DO NOTHING`,
        [r.project_code, carriers, actor],
      );
    }
    audit.push({
      actor,
      action: 'project.tags',
      entity: 'project',
      entityId: r.project_code,
      before: { programmes: before.programmes, carriers: before.carriers },
      after: { programmes, carriers },
    });
  }
  if (audit.length) await recordAudit(tx, audit);
}
