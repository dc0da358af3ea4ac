export {
  seedCatalogs,
  loadReferenceCodes,
  listCatalog,
  CATALOGS,
  type CatalogName,
  type ReferenceCodes,
} from './catalog.service.ts';
export { requireOccupation, requireLevel, requireCity, type Occupation } from './lookups.ts';
export { CITY_SEATS } from './city-seats.ts';
export {
  DIRECTORIES,
  DIRECTORY_NAMES,
  publishDirectory,
  assertMayPublishDirectory,
  listDirectories,
  readDirectory,
  checkEntries,
  type DirectoryName,
  type DirectoryEntry,
} from './directories.ts';
export { writeOccupationRows, writeShortageRows } from './catalog.writes.ts';
export { replaceShortageList } from './shortage.ts';
export {
  catalogNames,
  CODE_SOURCE_NAMES,
  OCCUPATION_CATEGORY_NAMES,
  type CatalogNames,
} from './catalog.labels.ts';
export { DEPARTMENT_DIRECTORIES, mayPublishDirectory } from './catalog.policy.ts';
export {
  createOccupation,
  updateOccupation,
  listCatalogChanges,
  evaluationResourcesAdded,
  EVALUATION_RESOURCES_PLAN_PER_YEAR,
} from './occupation-admin.ts';
export { assertMayEditCatalog } from './catalog.policy.ts';
