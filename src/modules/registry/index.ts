export { checkIdNumber, checkCreditCode, idCheckChar, creditCheckChar, birthDateOf } from './identity.ts';
export {
  listPersons,
  getPerson,
  listInstitutions,
  getInstitution,
  requirePerson,
  type RegisteredPerson,
} from './registry.service.ts';
export { registryRoutes } from './registry.routes.ts';
export { listedAs, blacklistedBy, type DirectoryStanding } from './listing.ts';
