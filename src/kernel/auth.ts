import { Forbidden } from './errors.ts';

export const ROLES = [
  'province_admin',
  'city_officer',
  'department_officer',
  'institution_staff',
  'enterprise_staff',
  'worker',
  'holder_officer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  province_admin: { zh: '省级管理员', en: 'Province administrator' },
  city_officer: { zh: '市级经办人员', en: 'City officer' },
  department_officer: { zh: '行业部门人员', en: 'Department officer' },
  institution_staff: { zh: '机构人员', en: 'Institution staff' },
  enterprise_staff: { zh: '企业人员', en: 'Enterprise staff' },
  worker: { zh: '劳动者', en: 'Worker' },
  holder_officer: { zh: '目标承担单位联络员', en: 'Target holder liaison' },
};

/** An attendance device authenticated by its own credentials (registered by an official at a site). */
export interface Device {
  deviceId: string;
  kind: string;
  institutionCode: string;
  /** The site's coordinates (null for a device registered before devices had sites). */
  siteLat: number | null;
  siteLon: number | null;
}

/** The signed-in user and the scope their role confines them to. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  cityCode: string | null;
  institutionCode: string | null;
  enterpriseCode: string | null;
  personKey: string | null;
  sectors: string[];
  keyTasks: number[];
  /**
   * A department officer's own directories (就业见习单位, 人力资源服务机构, 技工院校招生), which it
   * publishes itself (catalog.policy.ts); absent or empty: none.
   */
  directories?: string[];
  /**
   * A holder_officer's "N" target holder (a department, industry organisation or chain leader of
   * 1+13+N): the one holder whose targets, pace and reminders it reads (docs/programmes.md).
   */
  holderId?: string | null;
}

/**
 * Who may call a route: everyone (`public`), any signed-in user, the listed roles, a registered
 * attendance device (`device`, authenticated by its own secret), or the monitoring scraper
 * (`metrics`: the configured scrape token, or a province administrator).
 */
export type Access = 'public' | 'authenticated' | 'device' | 'metrics' | readonly Role[];

export const SYSTEM_ACTOR = 'system';

/**
 * The platform acting with the province's authority on its own (demo publication, scheduled jobs).
 * Audited as `province_admin:system`.
 */
export const SYSTEM_PROVINCE: Actor = {
  userId: 'system',
  username: 'system',
  displayName: '系统',
  role: 'province_admin',
  cityCode: null,
  institutionCode: null,
  enterpriseCode: null,
  personKey: null,
  sectors: [],
  keyTasks: [],
};

/** Audit name of an actor: stable, readable, never PII. */
export const actorName = (a: Actor | null | undefined): string => (a ? `${a.role}:${a.username}` : 'anonymous');

/**
 * The city a read must be confined to: a city officer sees their city only; province-wide roles
 * see all (null). Other roles are confined by their own scope elsewhere.
 */
export function cityScope(actor: Actor): string | null {
  return actor.role === 'city_officer' ? actor.cityCode : null;
}

/** Refuses when a city officer reaches outside their city. */
export function assertCity(actor: Actor, cityCode: string): void {
  if (actor.role === 'city_officer' && actor.cityCode !== cityCode) {
    throw new Forbidden('OUT_OF_SCOPE', '该记录不属于您所在的城市', 'this record belongs to another city');
  }
}
