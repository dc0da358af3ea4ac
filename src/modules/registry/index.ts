export {
  checkIdRegion,
  checkIdNumber,
  checkCreditCode,
  idCheckChar,
  creditCheckChar,
  birthDateOf,
} from '../../kernel/identity.ts';
export {
  listPersons,
  getPerson,
  listInstitutions,
  setInstitutionCapacity,
  getInstitution,
  requirePerson,
  requireScopedPerson,
  searchPersons,
  type RegisteredPerson,
} from './registry.service.ts';
export { listedAs, blacklistedBy, type DirectoryStanding } from './listing.ts';
export { listSelectedInstitution, type InstitutionListing } from './selection-listing.ts';
export { writeInstitutionRows, writeEnterpriseRows, writePersonRows } from './registry.writes.ts';
export {
  recordSanction,
  listSanctions,
  lockSanction,
  suspensionOn,
  suspendedOn,
  markSanctionLifted,
  markRectificationChecked,
  type SanctionRecord,
  type NewSanction,
} from './standing.ts';
export { INSTITUTION_ROLE_NAMES, INSTITUTION_TYPE_NAMES } from './registry.labels.ts';
export {
  assertRegistrableId,
  registryMatch,
  createPendingPerson,
  confirmPendingPerson,
  rejectPendingPerson,
  normalisedPhone,
} from './self-registration.ts';
