import { keyedWriter } from '../audit/index.ts';

/**
 * How the interchange import stores rows of this module's tables: the module owns its tables, so the
 * import hands it parsed, checked rows and it writes them (keyed rows upserted with an audit entry per
 * change; event rows inserted once).
 */

export const writeOccupationRows = keyedWriter(
  'occupations',
  ['code'],
  ['code', 'name', 'sector', 'category', 'has_levels', 'code_source'],
  {},
  'occupation',
);

export const writeShortageRows = keyedWriter(
  'shortage_list',
  ['occupation_code', 'valid_from'],
  ['occupation_code', 'valid_from', 'valid_to'],
  { valid_from: 'date', valid_to: 'date' },
  'shortage',
);
