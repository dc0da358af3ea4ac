import { keyedWriter } from '../audit/index.ts';

/**
 * How the interchange import stores rows of this module's tables: the module owns its tables, so the
 * import hands it parsed, checked rows and it writes them (keyed rows upserted with an audit entry per
 * change; event rows inserted once).
 */

export const writeApplicationRows = keyedWriter(
  'applications',
  ['application_id'],
  ['application_id', 'person_key', 'type', 'certificate_no', 'project_code', 'applied_on'],
  { applied_on: 'date' },
  'application',
);
