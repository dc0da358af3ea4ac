import type { Db } from '../../db/client.ts';
import { recordAudit, type AuditEntry } from './audit.service.ts';

/** How a keyed table is written from imported rows. */
export interface UpsertSpec {
  table: string;
  key: string[];
  /** Every written column (keys included), in the row objects' snake_case names. */
  columns: string[];
  /** SQL casts for parameters ($n::date …), by column. */
  casts: Record<string, string>;
  /** Columns written on insert but neither compared nor overwritten (e.g. a ciphertext). */
  insertOnly?: string[];
  /** Audit entity name; null to audit the batch as one summary entry. */
  auditEntity: string | null;
  /** Columns left out of audit before/after (secrets). */
  auditOmit?: string[];
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const norm = (v: unknown): string =>
  v === null || v === undefined
    ? 'null'
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/**
 * Upserts rows by key, writing only rows that are new or differ from what is stored, and audits
 * each change with its before and after. Re-importing identical data therefore writes nothing.
 * Within one call the last row of a key wins.
 */
export async function upsertChanged(
  tx: Db,
  spec: UpsertSpec,
  input: Record<string, unknown>[],
  actor: string,
): Promise<UpsertCounts> {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of input) byKey.set(spec.key.map((k) => norm(r[k])).join('\u0001'), r);
  const rows = [...byKey.values()];
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };

  const keyArrays = spec.key.map((k) => rows.map((r) => r[k]));
  const keyCasts = spec.key.map((k, i) => `$${i + 1}::${spec.casts[k] ?? 'text'}[]`);
  const existing = await tx.query<Record<string, unknown>>(
    `SELECT ${spec.columns.join(', ')} FROM ${spec.table}
     WHERE (${spec.key.join(', ')}) IN (SELECT * FROM unnest(${keyCasts.join(', ')}))`,
    keyArrays,
  );
  const stored = new Map(existing.map((r) => [spec.key.map((k) => norm(r[k])).join('\u0001'), r]));
  const compared = spec.columns.filter((c) => !spec.insertOnly?.includes(c));
  const toWrite: Record<string, unknown>[] = [];
  const audits: AuditEntry[] = [];
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const visible = (r: Record<string, unknown> | undefined) =>
    r &&
    Object.fromEntries(
      compared
        .filter((c) => !spec.auditOmit?.includes(c))
        .map((c) => [c, r[c] instanceof Date ? (r[c] as Date).toISOString() : (r[c] ?? null)]),
    );

  for (const [key, row] of byKey) {
    const before = stored.get(key);
    if (before && compared.every((c) => norm(before[c]) === norm(row[c]))) {
      counts.unchanged++;
      continue;
    }
    before ? counts.updated++ : counts.inserted++;
    toWrite.push(row);
    if (spec.auditEntity) {
      audits.push({
        actor,
        action: before ? `${spec.auditEntity}.update` : `${spec.auditEntity}.create`,
        entity: spec.auditEntity,
        entityId: spec.key.map((k) => String(row[k])).join('/'),
        before: visible(before),
        after: visible(row),
      });
    }
  }
  if (toWrite.length === 0) return counts;

  const perRow = spec.columns.length;
  const chunk = Math.max(1, Math.floor(30000 / perRow));
  const updates = compared.filter((c) => !spec.key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  for (let i = 0; i < toWrite.length; i += chunk) {
    const part = toWrite.slice(i, i + chunk);
    const params: unknown[] = [];
    const tuples = part.map((r) => {
      const ph = spec.columns.map((c) => {
        params.push(r[c] ?? null);
        const cast = spec.casts[c];
        return cast ? `$${params.length}::${cast}` : `$${params.length}`;
      });
      return `(${ph.join(',')})`;
    });
    await tx.query(
      `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES ${tuples.join(',')}
       ON CONFLICT (${spec.key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
      params,
    );
  }
  await recordAudit(tx, audits);
  return counts;
}

/** A writer of imported rows for one keyed table (what an owning module hands to the import). */
export const keyedWriter =
  (
    table: string,
    key: string[],
    columns: string[],
    casts: Record<string, string>,
    auditEntity: string | null,
    extra: { insertOnly?: string[]; auditOmit?: string[] } = {},
  ) =>
  (tx: Db, rows: Record<string, unknown>[], actor: string): Promise<UpsertCounts> =>
    upsertChanged(tx, { table, key, columns, casts, auditEntity, ...extra }, rows, actor);
