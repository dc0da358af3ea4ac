import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { clipText } from '../../kernel/tabular/row-check.ts';
import { uploadedRows } from '../../kernel/tabular/uploaded-file.ts';
import { recordAudit } from '../audit/index.ts';
import {
  CARRIER_COLUMNS,
  checkCarrierRow,
  parseMembersCell,
  type CarrierColumn,
  type CarrierRowError,
  type CheckedCarrier,
} from './carrier-rows.ts';
import { assertMayRegisterCarrier } from './programmes.policy.ts';
import { carrierAudit, lockCarrierRegister, registerKey, sameCarrier, writeCarrier } from './programmes.service.ts';

/** Rows read from one file at most (the province's register is a few hundred carriers). */
export const MAX_CARRIER_ROWS = 5_000;

export type CarrierOutcome = 'created' | 'updated' | 'unchanged';

export interface CarrierUploadResult {
  rowsTotal: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  carriers: { line: number; id: string; name: string; outcome: CarrierOutcome }[];
  errors: CarrierRowError[];
}

/** The template's header (the first Chinese name of each column), UTF-8 with a BOM so Excel reads it. */
export const carrierTemplateCsv = (): string =>
  `\uFEFF${Object.values(CARRIER_COLUMNS)
    .map((names) => names[0])
    .join(',')}\r\n`;

/** Cities by code, name and name without 市; registered enterprises' names by the codes the file gives alone. */
async function lookups(db: Db, rows: { values: Record<CarrierColumn, string> }[]) {
  const cities = new Map<string, string>();
  for (const c of await db.query<{ code: string; name: string }>('SELECT code, name FROM catalog.cities')) {
    cities.set(c.code, c.code);
    cities.set(c.name, c.code);
    cities.set(c.name.replace(/市$/, ''), c.code);
  }
  const codes = [
    ...new Set(
      rows.flatMap((r) =>
        parseMembersCell(r.values.members)
          .items.filter((m) => m.code && !m.name)
          .map((m) => m.code!),
      ),
    ),
  ];
  const names = new Map(
    codes.length
      ? (
          await db.query<{ credit_code: string; name: string }>(
            'SELECT credit_code, name FROM registry.enterprises WHERE credit_code = ANY($1::text[])',
            [codes],
          )
        ).map((e) => [e.credit_code, e.name])
      : [],
  );
  return { cities, enterpriseName: (code: string) => names.get(code) };
}

/**
 * 批量登记培训载体: the province uploads its register of carriers (CSV in UTF-8 or GBK, or XLSX;
 * columns CARRIER_COLUMNS). A carrier is identified by its city, name and kind: a row for a new one
 * registers it; a row for one already registered replaces its owner and member list when they differ
 * (audited before and after) and writes nothing when they are the same, so a file can be uploaded
 * again. Each bad row is refused with its line, column, value and reason in Chinese and English;
 * the good rows are kept, in one transaction, with one audit entry per carrier created or changed.
 */
export async function uploadCarriers(
  db: Db,
  actor: Actor,
  fileName: string,
  bytes: Buffer,
): Promise<CarrierUploadResult> {
  assertMayRegisterCarrier(actor);
  const errors: CarrierRowError[] = [];
  const read: { line: number; values: Record<CarrierColumn, string> }[] = [];
  let total = 0;
  for await (const row of uploadedRows(bytes, CARRIER_COLUMNS)) {
    if (++total > MAX_CARRIER_ROWS)
      throw new Invalid(
        'TOO_MANY_ROWS',
        `一次最多导入 ${MAX_CARRIER_ROWS} 行`,
        `at most ${MAX_CARRIER_ROWS} rows per file`,
      );
    if (row.problem) errors.push({ line: row.line, ...row.problem });
    else read.push(row);
  }
  const look = await lookups(db, read);
  const good: { line: number; carrier: CheckedCarrier }[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, values } of read) {
    const checked = checkCarrierRow(line, values, look);
    if ('errors' in checked) {
      errors.push(...checked.errors);
      continue;
    }
    const key = registerKey(checked.carrier);
    const first = firstLine.get(key);
    if (first !== undefined) {
      errors.push({
        line,
        column: 'name',
        value: clipText(checked.carrier.name),
        reason: 'DUPLICATE_ROW',
        zh: `与第 ${first} 行是同一载体（同一设区市、名称和类型），此行未导入`,
        en: `the same carrier as line ${first} (same city, name and kind); this row was not imported`,
      });
      continue;
    }
    firstLine.set(key, line);
    good.push({ line, carrier: checked.carrier });
  }
  const by = actorName(actor);
  const carriers = await db.transaction(async (tx) => {
    const register = await lockCarrierRegister(tx);
    const done: CarrierUploadResult['carriers'] = [];
    const audit = [];
    for (const { line, carrier: row } of good) {
      const existing = register.get(registerKey(row)) ?? [];
      if (existing.length > 1) {
        errors.push({
          line,
          column: 'name',
          value: clipText(row.name),
          reason: 'AMBIGUOUS_CARRIER',
          zh: `登记簿中已有 ${existing.length} 个同一设区市、同名同类型的载体，无法确定更新哪一个；此行未导入`,
          en: `the register already has ${existing.length} carriers of this city, name and kind: which to update is unclear; this row was not imported`,
        });
        continue;
      }
      const [old] = existing;
      // An empty members cell leaves a registered carrier's members as they are:
      // a file that updates owners must not wipe member lists it does not carry (the projects file's
      // tag columns behave the same). Members are removed on the carrier's page.
      const carrier = old && !row.members.length ? { ...row, members: old.members } : row;
      if (old && sameCarrier(old, carrier)) {
        done.push({ line, id: old.id, name: carrier.name, outcome: 'unchanged' });
        continue;
      }
      const id = old?.id ?? newId();
      await writeCarrier(tx, id, carrier, by, old ?? null);
      audit.push(carrierAudit(by, id, carrier, old ?? null, { file: fileName.slice(0, 200), line }));
      done.push({ line, id, name: carrier.name, outcome: old ? 'updated' : 'created' });
    }
    await recordAudit(tx, audit);
    return done;
  });
  errors.sort((a, b) => a.line - b.line);
  const count = (o: CarrierOutcome) => carriers.filter((c) => c.outcome === o).length;
  return {
    rowsTotal: total,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    refused: new Set(errors.map((e) => e.line)).size,
    carriers,
    errors,
  };
}
