import { keyedWriter } from '../audit/index.ts';

/**
 * How the interchange import stores rows of this module's tables: the module owns its tables, so the
 * import hands it parsed, checked rows and it writes them (keyed rows upserted with an audit entry per
 * change; event rows inserted once).
 */

export const writeCertificateRows = keyedWriter(
  'certificates',
  ['certificate_no'],
  ['certificate_no', 'person_key', 'occupation_code', 'kind', 'level', 'issued_on', 'evaluator_code', 'project_code'],
  { issued_on: 'date' },
  'certificate',
);
