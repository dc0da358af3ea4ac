import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { assertInScope } from '../../kernel/scope.ts';

/**
 * Who may do what with programmes and carriers (docs/programmes.md § Who does what): the province
 * keeps the register of carriers; a project's programme and carrier tags are set by the city the
 * project belongs to, or the province — the same officials who dispatch and edit it.
 */
export function assertMayRegisterCarrier(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden(
      'PROVINCE_REGISTERS_CARRIERS',
      '培训载体由省人社厅登记',
      'training carriers are registered by the province',
    );
}

/** Whether the actor tags projects at all (the import's rows ask it: a department imports projects but does not tag them). */
export const tagsProjects = (actor: Actor): boolean => actor.role === 'province_admin' || actor.role === 'city_officer';

/** Tags are the dispatching official's: the project's city officer or the province, nobody else. */
export function assertMayTagProject(actor: Actor, project: { city_code: string }): void {
  if (!tagsProjects(actor))
    throw new Forbidden(
      'TAGS_BY_DISPATCHER',
      '项目的专项计划和载体由派单的设区市或省人社厅标注',
      'a project’s programmes and carriers are set by the city that dispatches it or the province',
    );
  assertInScope(actor, { city: project.city_code });
}

/**
 * A city officer tags with its own city's carriers (the register it sees); the province with any
 * (a chain leader's ecosystem may train across cities). The page's route and the import ask it.
 */
export const mayTagWithCarrier = (actor: Pick<Actor, 'role' | 'cityCode'>, carrierCity: string): boolean =>
  actor.role !== 'city_officer' || actor.cityCode === carrierCity;

export const CARRIER_OF_ANOTHER_CITY = {
  zh: (names: string) => `培训载体 ${names} 属于其他设区市，只能标注本市登记的载体`,
  en: (names: string) => `carrier ${names} belongs to another city: tag only your city’s carriers`,
};
