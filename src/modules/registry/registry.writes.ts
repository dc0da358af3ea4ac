import { keyedWriter } from '../audit/index.ts';

/**
 * How the interchange import stores rows of this module's tables: the module owns its tables, so the
 * import hands it parsed, checked rows and it writes them (keyed rows upserted with an audit entry per
 * change; event rows inserted once).
 */

export const writeInstitutionRows = keyedWriter(
  'institutions',
  ['credit_code'],
  ['credit_code', 'name', 'roles', 'type', 'city_code', 'listed_from', 'blacklisted_from'],
  { roles: 'text[]', listed_from: 'date', blacklisted_from: 'date' },
  'institution',
);

export const writeEnterpriseRows = keyedWriter(
  'enterprises',
  ['credit_code'],
  ['credit_code', 'name', 'city_code', 'sector', 'chain_leader'],
  {},
  'enterprise',
);

const writeOfficialPersonRows = keyedWriter(
  'persons',
  ['person_key'],
  [
    'person_key',
    'id_enc',
    'id_masked',
    'birth_date',
    'name',
    'phone',
    'city_code',
    'groups',
    'insured_months',
    'insured_as_of',
    'status',
  ],
  { birth_date: 'date', groups: 'text[]', insured_as_of: 'date', insured_months: 'int' },
  'person',
  { insertOnly: ['id_enc'], auditOmit: ['id_enc'] },
);

/**
 * Imported person rows are the official record: each makes its person `active`, and its data
 * overwrites what a self-registration typed under the same ID number (docs/security.md
 * § Self-registration). A self-registered account on that person still waits for the city's
 * confirmation: its mark is the account's own (accounts: registration_review), which no import clears.
 */
export const writePersonRows: typeof writeOfficialPersonRows = (tx, rows, actor) =>
  writeOfficialPersonRows(
    tx,
    rows.map((r) => ({ ...r, status: 'active' })),
    actor,
  );
