import type { Actor, Role } from '../../kernel/auth.ts';
import { inScope, mayChange, type ScopeFacts } from '../../kernel/scope.ts';

/** Who may upload interchange files at all (the route's access). */
export const IMPORTERS = ['province_admin', 'city_officer', 'department_officer'] as const satisfies readonly Role[];

/**
 * Which files each role may import. Catalogs (occupations, the shortage list) are the province's;
 * a city registers its people, institutions, enterprises and their training records; a department
 * imports the projects of its sectors and key tasks with their sessions, enrolments and attendance.
 */
const FILES_BY_ROLE: Partial<Record<Role, ReadonlySet<string>>> = {
  city_officer: new Set([
    'institutions',
    'enterprises',
    'persons',
    'projects',
    'sessions',
    'enrolments',
    'attendance',
    'certificates',
    'employment',
    'applications',
  ]),
  department_officer: new Set(['projects', 'sessions', 'enrolments', 'attendance']),
};

export function mayImportFile(actor: Actor, file: string): boolean {
  return actor.role === 'province_admin' || (FILES_BY_ROLE[actor.role]?.has(file) ?? false);
}

/** The stored record an import row would change, as far as scope is concerned. */
export interface StoredFacts extends ScopeFacts {
  /** Institutions: the directory listing and blacklist dates, which only the province sets. */
  listedFrom?: string | null;
  blacklistedFrom?: string | null;
  /** Institutions: training / evaluation, sorted and `;`-joined — what the listing is a listing as. */
  roles?: string | null;
}

/** Sector and key-task names (catalog labels), for a department's refusal in words rather than codes. */
export interface ScopeNames {
  sector: Record<string, { zh: string; en: string }>;
  keyTask: Record<string, { zh: string; en: string }>;
}

export interface Refusal {
  column: string;
  value: string;
  zh: string;
  en: string;
}

/**
 * Why an import row may not be written by this actor, or null: the row must lie in the actor's
 * scope both as stored now (`before`) and as it will be (`after`) — moving another city's person
 * into one's own city is a write to the other city. An institution's listing and blacklist dates
 * are the province's to set.
 */
export function importRowRefusal(
  actor: Actor,
  file: string,
  before: StoredFacts | null,
  after: StoredFacts,
  names?: ScopeNames,
): Refusal | null {
  if (!mayChange(actor, before, after)) {
    const movesAway = before !== null && !inScope(actor, before);
    const where = movesAway ? before : after;
    if (actor.role === 'department_officer') return departmentRefusal(actor, file, where, movesAway, names);
    return {
      column: where.city != null ? 'city_code' : '',
      value: where.city ?? where.sector ?? '',
      zh: movesAway
        ? '该记录现属于您权限范围以外（其他城市或领域），不能通过导入修改'
        : '该行不在您的权限范围内（其他城市或领域），您只能导入本辖区的数据',
      en: movesAway
        ? 'this record now lies outside your scope (another city or sector) and cannot be changed by your import'
        : "this row lies outside your scope (another city or sector); you may import your own area's rows only",
    };
  }
  if (file === 'institutions' && actor.role !== 'province_admin') {
    const was = { listedFrom: before?.listedFrom ?? null, blacklistedFrom: before?.blacklistedFrom ?? null };
    for (const [column, key] of [
      ['listed_from', 'listedFrom'],
      ['blacklisted_from', 'blacklistedFrom'],
    ] as const) {
      if ((after[key] ?? null) !== was[key]) {
        return {
          column,
          value: after[key] ?? '',
          zh: '机构目录的列入与黑名单日期只能由省级设定',
          en: 'directory listing and blacklist dates are set by the province only',
        };
      }
    }
    // A listing is a listing as trainer or evaluator: adding `evaluation` to a listed trainer would list a new evaluator.
    if (before && before.roles !== after.roles) {
      return {
        column: 'roles',
        value: after.roles ?? '',
        zh: '已登记机构的资质（培训/评价）只能由省级变更',
        en: "a registered institution's roles (training / evaluation) are changed by the province only",
      };
    }
  }
  return null;
}

/**
 * A department's row outside its sectors and key tasks, in words: which sector and key task the row's
 * project lies in, and which ones the department holds. Projects take their sector from the
 * occupation; sessions, enrolments and attendance from their project.
 */
function departmentRefusal(
  actor: Actor,
  file: string,
  where: StoredFacts,
  movesAway: boolean,
  names: ScopeNames | undefined,
): Refusal {
  const label = (kind: keyof ScopeNames, code: string | number | null | undefined, lang: 'zh' | 'en') =>
    code == null ? (lang === 'zh' ? '无' : 'none') : (names?.[kind][String(code)]?.[lang] ?? String(code));
  const list = (kind: keyof ScopeNames, codes: (string | number)[], lang: 'zh' | 'en') =>
    codes.length ? codes.map((c) => label(kind, c, lang)).join(lang === 'zh' ? '、' : ', ') : label(kind, null, lang);
  const row = {
    zh: `领域“${label('sector', where.sector, 'zh')}”、重点任务“${label('keyTask', where.keyTask, 'zh')}”`,
    en: `sector "${label('sector', where.sector, 'en')}", key task "${label('keyTask', where.keyTask, 'en')}"`,
  };
  const mine = {
    zh: `您负责的领域：${list('sector', actor.sectors, 'zh')}；重点任务：${list('keyTask', actor.keyTasks, 'zh')}`,
    en: `yours: sectors ${list('sector', actor.sectors, 'en')}; key tasks ${list('keyTask', actor.keyTasks, 'en')}`,
  };
  return {
    column: file === 'projects' ? 'occupation_code' : 'project_code',
    value: where.sector ?? '',
    zh: movesAway
      ? `该项目现属于${row.zh}，不在您的权限范围内，不能通过导入修改（${mine.zh}）`
      : `该行项目属于${row.zh}，不在您的权限范围内，未导入（${mine.zh}）`,
    en: movesAway
      ? `this project now lies in ${row.en}, outside your scope, and cannot be changed by your import (${mine.en})`
      : `this row's project lies in ${row.en}, outside your scope; it was not imported (${mine.en})`,
  };
}

/** The file-level refusal for a file the actor's role does not import. */
export function fileRefusal(file: string): { zh: string; en: string } {
  return {
    zh: `您的角色不能导入 ${file} 文件（目录类数据由省级导入，行业部门只导入本领域的项目及其课次、报名与考勤），整个文件未导入`,
    en: `your role may not import ${file} (catalogs are the province's; departments import their own projects with sessions, enrolments and attendance); the file was not imported`,
  };
}
