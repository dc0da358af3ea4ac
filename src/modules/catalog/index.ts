export { seedCatalogs, loadReferenceCodes, listCatalog, updateOccupation, CATALOGS, type CatalogName, type ReferenceCodes } from './catalog.service.ts';
export { requireOccupation, requireLevel, requireCity, type Occupation } from './lookups.ts';
export { catalogRoutes } from './catalog.routes.ts';
