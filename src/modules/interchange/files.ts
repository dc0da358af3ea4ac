import type { Db } from '../../db/client.ts';
import type { UpsertCounts } from '../audit/index.ts';
import { writeInstitutionRows, writeEnterpriseRows, writePersonRows } from '../registry/index.ts';
import { writeOccupationRows, writeShortageRows } from '../catalog/index.ts';
import {
  ATTENDANCE_FILE_COLUMNS,
  parseAttendanceRow,
  writeAttendanceRows,
  writeEmploymentRows,
  writeEnrolmentRows,
  writeProjectRows,
  writeSessionRows,
} from '../training/index.ts';
import { writeCertificateRows } from '../evaluation/index.ts';
import { PROGRAMS, writeApplicationRows } from '../subsidy/index.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { maskIdNumber } from '../../kernel/pii.ts';
import type { ReferenceCodes } from '../catalog/index.ts';
import { birthDateOf } from '../../kernel/identity.ts';
import { clipText, type RowCheck } from '../../kernel/tabular/row-check.ts';
import { CARRIER_OF_ANOTHER_CITY, type CarrierKey, writeProjectTagRows } from '../programmes/index.ts';
import type { StoredFacts } from './interchange.policy.ts';
import { LOOKUP, type Ref, type RefFacts, type RefKind } from './references.ts';

/** What parsing one row yields: the record to store and what it points at. */
export interface ParsedRow {
  data: Record<string, unknown>;
  refs: Ref[];
}

/** The found facts of the row's first reference of a kind. */
export type Via = (kind: RefKind) => RefFacts;

export interface FileContext {
  ref: ReferenceCodes;
  vault: PiiVault;
  /** The programmes an import's `projects.programmes` cell may name: by code and by Chinese name. */
  programmes: ReadonlyMap<string, string>;
  /** Whether the importer tags projects (province, city); a department's rows may not name programmes. */
  tagsProjects: boolean;
  /** The register's carriers by id and by name (a shared name: several), for the `projects.carriers` cell. */
  carriers: ReadonlyMap<string, readonly CarrierKey[]>;
  /** Whether the importer may tag with a carrier of this city (programmes.policy.ts mayTagWithCarrier). */
  tagsWithCarrierOf: (cityCode: string) => boolean;
}

/** One file of the interchange standard (interchange.md § Files), in import order. */
export interface FileSpec {
  file: string;
  columns: string[];
  parse(c: RowCheck, ctx: FileContext): ParsedRow;
  /** Where the row's record lies once written (import scope): from its cells and what it points at. */
  facts(data: Record<string, unknown>, via: Via): StoredFacts;
  /** How to read where the stored record a row would change lies now, for files whose rows change records. */
  stored?: { sql: string; key: (data: Record<string, unknown>) => string };
  write(tx: Db, rows: Record<string, unknown>[], actor: string): Promise<UpsertCounts>;
}

const INSTITUTION_TYPES = [
  'technical_school',
  'vocational_college',
  'university',
  'enterprise',
  'private',
  'industry_association',
  'hr_service',
  'community',
] as const;
const PROJECT_KINDS = ['employment_skills', 'post_skills', 'entrepreneurship', 'project_based'] as const;
export const CERTIFICATE_KINDS = [
  'skill_level',
  'qualification',
  'special_ability',
  'training',
  'entrepreneurship',
] as const;
/** Application types: the codes of the subsidy programmes a worker applies for (subsidy/programs). */
export const APPLICATION_TYPES = PROGRAMS.filter((p) => p.payee === 'person').map((p) => p.code);

const OCCUPATION_CODE = /^(\d-\d{2}-\d{2}-\d{2}|JS-\d{4})$/;

/** The words of `TAGS_BY_DISPATCHER` for each tag column (what the column holds). */
const TAG_WORDS = {
  programmes: { zh: '专项计划', en: 'programmes' },
  carriers: { zh: '培训载体', en: 'carriers' },
} as const;

/**
 * A project's tags are the dispatching official's (programmes.policy.ts `tagsProjects`): an importer
 * who does not tag (a department) naming any in `column` has the row refused. True when refused.
 */
function refusedTagsOfDepartment(c: RowCheck, ctx: FileContext, column: keyof typeof TAG_WORDS): boolean {
  if (ctx.tagsProjects) return false;
  const w = TAG_WORDS[column];
  c.fail(
    column,
    'TAGS_BY_DISPATCHER',
    `项目的${w.zh}由派单的设区市或省人社厅标注，行业部门导入时请留空此列`,
    `a project’s ${w.en} are set by the city that dispatches it or the province: leave this column empty`,
  );
  return true;
}

/**
 * A project row's `programmes` cell: programme codes or Chinese names, `;`-separated. Empty or
 * absent: the project's tags are left as they are (null). An unknown programme, or a department
 * naming any, refuses the row.
 */
function programmeTags(c: RowCheck, ctx: FileContext): string[] | null {
  const items = listItems(c.values.programmes);
  if (!items.length) return null;
  if (refusedTagsOfDepartment(c, ctx, 'programmes')) return null;
  const unknown = items.filter((i) => !ctx.programmes.has(i));
  if (unknown.length) {
    const named = unknown.map((u) => clipText(u, 50));
    c.fail('programmes', 'UNKNOWN_PROGRAMME', `没有专项计划 ${named.join('、')}`, `no programme ${named.join(', ')}`);
    return null;
  }
  return [...new Set(items.map((i) => ctx.programmes.get(i)!))].sort();
}

/** A `;`-separated cell's items (`;` or the full-width `；`), trimmed, empty ones dropped. */
const listItems = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A project row's `carriers` cell: carrier ids or names, `;`-separated. Empty or absent: the
 * project's carriers are left as they are (null). The row is refused for a department naming any,
 * an unknown carrier, a name two carriers share (give the id), or — for a city officer — a carrier
 * of another city, as the project page's tagging refuses them.
 */
function carrierTags(c: RowCheck, ctx: FileContext): string[] | null {
  const items = listItems(c.values.carriers);
  if (!items.length) return null;
  if (refusedTagsOfDepartment(c, ctx, 'carriers')) return null;
  const found = items.map((i) => ({
    item: clipText(i, 50),
    keys: ctx.carriers.get(i) ?? ctx.carriers.get(i.toLowerCase()) ?? [],
  }));
  const unknown = found.filter((f) => !f.keys.length).map((f) => f.item);
  if (unknown.length) {
    c.fail('carriers', 'UNKNOWN_CARRIER', `没有培训载体 ${unknown.join('、')}`, `no carrier ${unknown.join(', ')}`);
    return null;
  }
  const foreign = found.filter((f) => !f.keys.some((k) => ctx.tagsWithCarrierOf(k.cityCode))).map((f) => f.item);
  if (foreign.length) {
    c.fail(
      'carriers',
      'CARRIER_OF_ANOTHER_CITY',
      CARRIER_OF_ANOTHER_CITY.zh(foreign.join('、')),
      CARRIER_OF_ANOTHER_CITY.en(foreign.join(', ')),
    );
    return null;
  }
  // A city officer's name is read among its own city's carriers; the province's among all.
  const mine = found.map((f) => ({ item: f.item, keys: f.keys.filter((k) => ctx.tagsWithCarrierOf(k.cityCode)) }));
  const shared = mine.filter((f) => f.keys.length > 1).map((f) => f.item);
  if (shared.length) {
    c.fail(
      'carriers',
      'AMBIGUOUS_CARRIER',
      `有多个培训载体名为 ${shared.join('、')}，请填写载体编号`,
      `several carriers are named ${shared.join(', ')}: give the carrier’s id`,
    );
    return null;
  }
  return [...new Set(mine.map((f) => f.keys[0]!.id))].sort();
}

const personRef = (c: RowCheck, ctx: FileContext, id: string, column = 'id_number'): Ref => ({
  kind: 'person',
  key: c.ok ? ctx.vault.blindIndex(id) : '',
  column,
});

export const FILE_SPECS: FileSpec[] = [
  {
    file: 'institutions',
    columns: ['credit_code', 'name', 'roles', 'type', 'city_code', 'listed_from', 'blacklisted_from'],
    parse(c, ctx) {
      const data = {
        credit_code: c.creditCode('credit_code'),
        name: c.text('name', { max: 200 }),
        roles: c.codeList('roles', ['training', 'evaluation'], { nonEmpty: true }),
        type: c.oneOf('type', INSTITUTION_TYPES),
        city_code: c.oneOf('city_code', ctx.ref.cities),
        listed_from: c.date('listed_from', { optional: true }),
        blacklisted_from: c.date('blacklisted_from', { optional: true }),
      };
      return { data, refs: [] };
    },
    facts: (d) => ({
      city: d.city_code as string,
      listedFrom: d.listed_from as string | null,
      blacklistedFrom: d.blacklisted_from as string | null,
      roles: [...(d.roles as string[])].sort().join(';'),
    }),
    stored: {
      sql: `SELECT credit_code AS k, city_code AS city, listed_from::text AS "listedFrom", blacklisted_from::text AS "blacklistedFrom",
                   array_to_string(ARRAY(SELECT r FROM unnest(roles) r ORDER BY r), ';') AS roles
            FROM registry.institutions WHERE credit_code = ANY($1::text[])`,
      key: (d) => d.credit_code as string,
    },
    write: writeInstitutionRows,
  },
  {
    file: 'enterprises',
    columns: ['credit_code', 'name', 'city_code', 'sector', 'chain_leader'],
    parse(c, ctx) {
      const data = {
        credit_code: c.creditCode('credit_code'),
        name: c.text('name', { max: 200 }),
        city_code: c.oneOf('city_code', ctx.ref.cities),
        sector: c.oneOf('sector', ctx.ref.sectors),
        chain_leader: c.bool('chain_leader'),
      };
      return { data, refs: [] };
    },
    facts: (d) => ({ city: d.city_code as string, sector: d.sector as string }),
    stored: {
      sql: 'SELECT credit_code AS k, city_code AS city, sector FROM registry.enterprises WHERE credit_code = ANY($1::text[])',
      key: (d) => d.credit_code as string,
    },
    write: writeEnterpriseRows,
  },
  {
    file: 'occupations',
    columns: ['code', 'name', 'sector', 'category', 'has_levels'],
    parse(c, ctx) {
      const data = {
        code: c.pattern(
          'code',
          OCCUPATION_CODE,
          '职业代码应为大典代码 N-NN-NN-NN 或地方代码 JS-NNNN',
          'occupation code must be N-NN-NN-NN or JS-NNNN',
        ),
        name: c.text('name', { max: 200 }),
        sector: c.oneOf('sector', ctx.ref.sectors),
        category: c.oneOf('category', ['A', 'B', 'C']),
        has_levels: c.bool('has_levels'),
        code_source: /^JS-/.test(c.values.code ?? '') ? 'local' : 'dadian',
      };
      return { data, refs: [] };
    },
    facts: () => ({}), // a catalog: the province's
    write: writeOccupationRows,
  },
  {
    file: 'shortage',
    columns: ['occupation_code', 'valid_from', 'valid_to'],
    parse(c) {
      const code = c.text('occupation_code');
      const from = c.date('valid_from');
      const to = c.date('valid_to', { optional: true });
      if (from && to && to < from)
        c.fail('valid_to', 'END_BEFORE_START', '截止日期早于起始日期', 'valid_to is before valid_from');
      return {
        data: { occupation_code: code, valid_from: from, valid_to: to },
        refs: [{ kind: 'occupation', key: code, column: 'occupation_code' }],
      };
    },
    facts: () => ({}), // a catalog: the province's
    write: writeShortageRows,
  },
  {
    file: 'persons',
    columns: ['id_number', 'name', 'phone', 'city_code', 'groups', 'insured_months', 'insured_as_of'],
    parse(c, ctx) {
      const id = c.idNumber();
      const data = {
        person_key: c.ok ? ctx.vault.blindIndex(id) : '',
        id_enc: c.ok ? ctx.vault.encrypt(id) : '',
        id_masked: maskIdNumber(id),
        birth_date: c.ok ? birthDateOf(id) : null,
        name: c.text('name', { max: 100 }),
        phone: c.pattern('phone', /^\+?[\d-]{5,20}$/, '电话号码格式不正确', 'phone number is not valid', {
          optional: true,
        }),
        city_code: c.oneOf('city_code', ctx.ref.cities),
        groups: c.codeList('groups', ctx.ref.groups),
        insured_months: c.int('insured_months', { min: 0, max: 1200, optional: true }) ?? 0,
        insured_as_of: c.date('insured_as_of', { optional: true }),
      };
      return { data, refs: [] };
    },
    facts: (d) => ({ city: d.city_code as string }),
    stored: {
      sql: 'SELECT person_key AS k, city_code AS city FROM registry.persons WHERE person_key = ANY($1::text[])',
      key: (d) => d.person_key as string,
    },
    write: writePersonRows,
  },
  {
    file: 'projects',
    columns: [
      'project_code',
      'title',
      'institution_credit_code',
      'occupation_code',
      'level',
      'kind',
      'key_task',
      'city_code',
      'start_date',
      'end_date',
      'fee_per_person',
      'programmes', // Jineng's extension (docs/import-files.md): the project's 专项计划 tags
      'carriers', // Jineng's extension (docs/import-files.md): the project's 培训载体 tags
    ],
    parse(c, ctx) {
      const data = {
        project_code: c.text('project_code', { max: 64 }),
        title: c.text('title', { max: 200 }),
        institution_code: c.creditCode('institution_credit_code'),
        occupation_code: c.text('occupation_code'),
        level: c.oneOf('level', new Set(ctx.ref.levels.keys()), { optional: true }),
        kind: c.oneOf('kind', PROJECT_KINDS),
        key_task: c.int('key_task', { min: 1, max: 15, optional: true }),
        city_code: c.oneOf('city_code', ctx.ref.cities),
        start_date: c.date('start_date'),
        end_date: c.date('end_date'),
        fee_fen: c.values.fee_per_person ? c.yuan('fee_per_person') : 0,
        programmes: programmeTags(c, ctx),
        carriers: carrierTags(c, ctx),
      };
      if (data.start_date && data.end_date && data.end_date < data.start_date)
        c.fail('end_date', 'END_BEFORE_START', '结束日期早于开始日期', 'end_date is before start_date');
      return {
        data,
        refs: [
          { kind: 'institution', key: data.institution_code ?? '', column: 'institution_credit_code' },
          { kind: 'occupation', key: data.occupation_code, column: 'occupation_code' },
        ],
      };
    },
    facts: (d, via) => ({
      city: d.city_code as string,
      sector: via('occupation').sector,
      keyTask: d.key_task as number | null,
    }),
    stored: {
      sql: LOOKUP.project,
      key: (d) => d.project_code as string,
    },
    write: async (tx, rows, actor) => {
      const counts = await writeProjectRows(
        tx,
        rows.map(({ programmes: _tags, carriers: _carriers, ...project }) => project),
        actor,
      );
      await writeProjectTagRows(
        tx,
        rows.filter((r) => r.programmes || r.carriers) as {
          project_code: string;
          programmes: string[] | null;
          carriers: string[] | null;
        }[],
        actor,
      );
      return counts;
    },
  },
  {
    file: 'sessions',
    columns: ['project_code', 'session_no', 'starts_at', 'ends_at', 'site_lat', 'site_lon'],
    parse(c) {
      const data = {
        project_code: c.text('project_code'),
        session_no: c.int('session_no', { min: 1, max: 100000 }),
        starts_at: c.timestamp('starts_at'),
        ends_at: c.timestamp('ends_at'),
        site_lat: c.number('site_lat', { min: -90, max: 90, optional: true }),
        site_lon: c.number('site_lon', { min: -180, max: 180, optional: true }),
      };
      if (c.ok && data.ends_at <= data.starts_at)
        c.fail('ends_at', 'END_BEFORE_START', '结束时间不晚于开始时间', 'ends_at is not after starts_at');
      return { data, refs: [{ kind: 'project', key: data.project_code, column: 'project_code' }] };
    },
    facts: (_d, via) => via('project'), // the key names the project: a session cannot move to another
    write: writeSessionRows,
  },
  {
    file: 'enrolments',
    columns: ['project_code', 'id_number', 'enrolled_on'],
    parse(c, ctx) {
      const project = c.text('project_code');
      const id = c.idNumber();
      const person = personRef(c, ctx, id);
      const data = { project_code: project, person_key: person.key, enrolled_on: c.date('enrolled_on') };
      return { data, refs: [{ kind: 'project', key: project, column: 'project_code' }, person] };
    },
    facts: (_d, via) => via('project'), // an enrolment belongs to its project, wherever the trainee lives
    write: writeEnrolmentRows,
  },
  {
    file: 'attendance',
    columns: ATTENDANCE_FILE_COLUMNS,
    parse(c, ctx) {
      const data = parseAttendanceRow(c, ctx.vault);
      return {
        data,
        refs: [
          { kind: 'session', key: `${data.project_code}#${data.session_no}`, column: 'session_no' },
          { kind: 'person', key: data.person_key as string, column: 'id_number' },
        ],
      };
    },
    facts: (_d, via) => via('session'),
    write: writeAttendanceRows,
  },
  {
    file: 'certificates',
    columns: [
      'certificate_no',
      'id_number',
      'occupation_code',
      'kind',
      'level',
      'issued_on',
      'evaluator_credit_code',
      'project_code',
    ],
    parse(c, ctx) {
      const no = c.text('certificate_no', { max: 64 });
      const id = c.idNumber();
      const person = personRef(c, ctx, id);
      const data = {
        certificate_no: no,
        person_key: person.key,
        occupation_code: c.text('occupation_code'),
        kind: c.oneOf('kind', CERTIFICATE_KINDS),
        level: c.oneOf('level', new Set(ctx.ref.levels.keys()), { optional: true }),
        issued_on: c.date('issued_on'),
        evaluator_code: c.creditCode('evaluator_credit_code'),
        project_code: c.optionalText('project_code'),
      };
      const refs: Ref[] = [
        person,
        { kind: 'occupation', key: data.occupation_code, column: 'occupation_code' },
        { kind: 'institution', key: data.evaluator_code ?? '', column: 'evaluator_credit_code' },
      ];
      if (data.project_code) refs.push({ kind: 'project', key: data.project_code, column: 'project_code' });
      return { data, refs };
    },
    facts: (_d, via) => ({ city: via('person').city }),
    stored: {
      sql: `SELECT c.certificate_no AS k, p.city_code AS city FROM evaluation.certificates c JOIN registry.persons p ON p.person_key = c.person_key
            WHERE c.certificate_no = ANY($1::text[])`,
      key: (d) => d.certificate_no as string,
    },
    write: writeCertificateRows,
  },
  {
    file: 'employment',
    columns: ['id_number', 'employer_credit_code', 'start_date', 'end_date', 'contract_months'],
    parse(c, ctx) {
      const id = c.idNumber();
      const person = personRef(c, ctx, id);
      const data: Record<string, unknown> = {
        person_key: person.key,
        employer_code: c.creditCode('employer_credit_code'),
        start_date: c.date('start_date'),
        end_date: c.date('end_date', { optional: true }),
        contract_months: c.int('contract_months', { min: 0, max: 1200, optional: true }),
      };
      if (data.start_date && data.end_date && (data.end_date as string) < (data.start_date as string))
        c.fail('end_date', 'END_BEFORE_START', '结束日期早于开始日期', 'end_date is before start_date');
      return {
        data,
        refs: [person, { kind: 'employer', key: (data.employer_code as string) ?? '', column: 'employer_credit_code' }],
      };
    },
    facts: (_d, via) => ({ city: via('person').city }),
    write: writeEmploymentRows,
  },
  {
    file: 'applications',
    columns: ['application_id', 'id_number', 'type', 'certificate_no', 'project_code', 'applied_on'],
    parse(c, ctx) {
      const appId = c.text('application_id', { max: 64 });
      const id = c.idNumber();
      const person = personRef(c, ctx, id);
      const data = {
        application_id: appId,
        person_key: person.key,
        type: c.oneOf('type', APPLICATION_TYPES),
        certificate_no: c.text('certificate_no'),
        project_code: c.optionalText('project_code'),
        applied_on: c.date('applied_on'),
      };
      // The certificate and project may be unknown: settlement rejects with CERT_NOT_FOUND / PROJECT_NOT_FOUND.
      return { data, refs: [person] };
    },
    facts: (_d, via) => ({ city: via('person').city }),
    stored: {
      sql: `SELECT a.application_id AS k, p.city_code AS city FROM subsidy.applications a JOIN registry.persons p ON p.person_key = a.person_key
            WHERE a.application_id = ANY($1::text[])`,
      key: (d) => d.application_id as string,
    },
    write: writeApplicationRows,
  },
];
