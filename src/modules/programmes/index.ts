export {
  seedProgrammes,
  listProgrammes,
  listCarriers,
  registerCarrier,
  tagProject,
  projectTags,
  programmeCodes,
  writeProgrammeTagRows,
} from './programmes.service.ts';
export { tagsProjects } from './programmes.policy.ts';
export { PROGRAMMES, CARRIER_KINDS, CARRIER_SOURCES, type CarrierKind } from './programme-list.ts';
export { CARRIER_KIND_NAMES } from './programmes.labels.ts';
