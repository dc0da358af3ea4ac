export {
  seedProgrammes,
  listProgrammes,
  listCarriers,
  registerCarrier,
  tagProject,
  projectTags,
  programmeCodes,
  writeProjectTagRows,
  carrierKeys,
  type CarrierKey,
} from './programmes.service.ts';
export { uploadCarriers, carrierTemplateCsv, MAX_CARRIER_ROWS } from './carrier-upload.ts';
export { tagsProjects, mayTagWithCarrier, CARRIER_OF_ANOTHER_CITY } from './programmes.policy.ts';
export { PROGRAMMES, CARRIER_KINDS, CARRIER_SOURCES, type CarrierKind } from './programme-list.ts';
export { CARRIER_KIND_NAMES } from './programmes.labels.ts';
