import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { retryTransient } from '../../db/retry.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, Unauthenticated } from '../../kernel/errors.ts';
import { newToken } from '../../kernel/ids.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { ATTENDANCE_COLUMNS, FILE_SPECS, type RowError } from '../interchange/index.ts';
import { RowCheck } from '../interchange/row-check.ts';
import { resolveRefs } from '../interchange/references.ts';
import { loadReferenceCodes, type ReferenceCodes } from '../catalog/index.ts';

const DEVICE_KINDS = ['face_terminal', 'mobile_app', 'card'] as const;
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/** An institution registers a device; its secret is shown once and stored only as a hash. */
export async function registerDevice(db: Db, actor: Actor, input: { deviceId: string; kind: string }) {
  if (actor.role !== 'institution_staff' || !actor.institutionCode) throw new Forbidden();
  if (!(DEVICE_KINDS as readonly string[]).includes(input.kind)) throw new Invalid('UNKNOWN_DEVICE_KIND', `设备类型应为 ${DEVICE_KINDS.join('、')}`, `device kind must be one of ${DEVICE_KINDS.join(', ')}`);
  if (!/^[A-Za-z0-9_.:-]{3,64}$/.test(input.deviceId)) throw new Invalid('BAD_DEVICE_ID', '设备编号只能含字母、数字和 _.:-，3–64位', 'device id: 3–64 letters, digits or _.:-');
  const secret = newToken(24);
  return db.transaction(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM devices WHERE device_id = $1', [input.deviceId]);
    if (exists) throw new Conflict('DEVICE_EXISTS', '设备编号已存在', 'this device id is taken');
    await tx.query('INSERT INTO devices (device_id, kind, institution_code, token_hash) VALUES ($1,$2,$3,$4)', [input.deviceId, input.kind, actor.institutionCode, hash(secret)]);
    await recordAudit(tx, [{ actor: actorName(actor), action: 'device.register', entity: 'device', entityId: input.deviceId, after: { kind: input.kind } }]);
    return { deviceId: input.deviceId, kind: input.kind, secret };
  });
}

export interface Device {
  deviceId: string;
  kind: string;
  institutionCode: string;
}

/** Authenticates a device from `Authorization: Device <id>:<secret>`. */
export async function authenticateDevice(db: Db, header: string | undefined): Promise<Device> {
  const m = /^Device ([^:\s]+):(\S+)$/.exec(header ?? '');
  if (!m) throw new Unauthenticated('DEVICE_UNAUTHENTICATED', '设备未认证', 'the device is not authenticated');
  const [d] = await db.query<{ device_id: string; kind: string; institution_code: string; token_hash: string; active: number }>('SELECT * FROM devices WHERE device_id = $1', [m[1]]);
  const ok = d && d.active === 1 && timingSafeEqual(Buffer.from(d.token_hash), Buffer.from(hash(m[2])));
  if (!ok) throw new Unauthenticated('DEVICE_UNAUTHENTICATED', '设备未认证', 'the device is not authenticated');
  return { deviceId: d.device_id, kind: d.kind, institutionCode: d.institution_code };
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; column: string; reason: string; message_zh: string; message_en: string }[];
}

// Looked up on use: the interchange module imports this one's index (a load-order cycle).
const attendanceSpec = () => FILE_SPECS.find((s) => s.file === 'attendance')!;

/**
 * The catalogs' codes, reused for a minute: devices post many batches a second, and the codes
 * (cities, sectors, levels…) change only by migration or catalog import.
 */
const referenceCache = new WeakMap<Db, { at: number; codes: Promise<ReferenceCodes> }>();
function referenceCodes(db: Db): Promise<ReferenceCodes> {
  const hit = referenceCache.get(db);
  if (hit && Date.now() - hit.at < 60_000) return hit.codes;
  const codes = loadReferenceCodes(db);
  referenceCache.set(db, { at: Date.now(), codes });
  codes.catch(() => referenceCache.delete(db));
  return codes;
}

/**
 * A device batch (≤ 500 events) in one statement: arrays in, one INSERT … ON CONFLICT on the event
 * key (the same dedupe as the import's writer, which COPYs its larger batches instead). One round
 * trip. Returns how many were new.
 */
async function insertEvents(db: Db, rows: Record<string, unknown>[]): Promise<number> {
  const types: Record<string, string> = { ...ATTENDANCE_COLUMNS, face_template: 'text' }; // the standard's columns, and the device's face template
  const columns = Object.keys(types);
  const [{ n }] = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO attendance (${columns.join(', ')})
       SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${types[c]}[]`).join(', ')})
       ON CONFLICT ON CONSTRAINT attendance_event_uq DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    columns.map((c) => rows.map((r) => r[c] ?? null)),
  );
  return n;
}

/**
 * Check-in/check-out events from a device, in batches (up to 500). Each event is validated like an
 * attendance row of the interchange standard, must be of the device's kind and for a project of the
 * device's institution; the same event twice counts once.
 */
export async function ingestAttendance(db: Db, vault: PiiVault, device: Device, events: Record<string, unknown>[]): Promise<IngestResult> {
  if (events.length > 500) throw new Invalid('BATCH_TOO_LARGE', '每批最多500条', 'at most 500 events per batch');
  const ATTENDANCE = attendanceSpec();
  const ref = await referenceCodes(db);
  const today = chinaDate(new Date());
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const reject = (index: number, e: Pick<RowError, 'column' | 'reason' | 'messageZh' | 'messageEn'>) =>
    result.rejected.push({ index, column: e.column, reason: e.reason, message_zh: e.messageZh, message_en: e.messageEn });
  const good: { index: number; data: Record<string, unknown>; refs: { kind: 'person' | 'session'; key: string }[]; project: string }[] = [];
  events.forEach((ev, index) => {
    const values = Object.fromEntries(Object.entries({ ...ev, device_id: device.deviceId }).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v).trim()]));
    const check = new RowCheck(values, today);
    const parsed = ATTENDANCE.parse(check, { ref, vault });
    if (check.error) return reject(index, check.error);
    if (values.method !== device.kind) return reject(index, { column: 'method', reason: 'METHOD_NOT_DEVICE_KIND', messageZh: `该设备只能上报 ${device.kind} 记录`, messageEn: `this device reports ${device.kind} records only` });
    // Beyond the standard: the id of the enrolled face template the device matched (SHARED_FACE_TEMPLATE reads it).
    const template = values.face_template ?? '';
    if (template) {
      if (device.kind === 'card') return reject(index, { column: 'face_template', reason: 'FACE_TEMPLATE_WITHOUT_FACE', messageZh: '刷卡记录不应带人脸模板编号', messageEn: 'a card record carries no face template' });
      if (!/^[A-Za-z0-9._:+/=-]{1,128}$/.test(template)) return reject(index, { column: 'face_template', reason: 'BAD_FACE_TEMPLATE', messageZh: '人脸模板编号只能含字母、数字和 ._:+/=-，最长128位', messageEn: 'face template id: up to 128 letters, digits or ._:+/=-' });
    }
    good.push({ index, data: { ...parsed.data, face_template: template || null }, refs: parsed.refs as never, project: values.project_code });
  });
  if (good.length) {
    const [resolved, projects] = await Promise.all([
      resolveRefs(db, good.flatMap((g) => g.refs.map((r) => ({ ...r, column: '' })))),
      db.query<{ project_code: string; institution_code: string }>('SELECT project_code, institution_code FROM projects WHERE project_code = ANY($1::text[])', [[...new Set(good.map((g) => g.project))]]),
    ]);
    const owner = new Map(projects.map((p) => [p.project_code, p.institution_code]));
    const ok = good.filter((g) => {
      const missing = g.refs.find((r) => !resolved.get(r.kind)?.has(r.key));
      if (missing) return void reject(g.index, { column: missing.kind === 'person' ? 'id_number' : 'session_no', reason: `UNKNOWN_${missing.kind.toUpperCase()}`, messageZh: missing.kind === 'person' ? '人员未在实名库中' : '培训课次不存在', messageEn: missing.kind === 'person' ? 'person is not in the real-name registry' : 'session does not exist' });
      if (owner.get(g.project) !== device.institutionCode) return void reject(g.index, { column: 'project_code', reason: 'NOT_DEVICE_INSTITUTION', messageZh: '该项目不属于本设备所在机构', messageEn: 'the project is not run by this device’s institution' });
      return true;
    });
    if (ok.length) {
      // Like an import, a batch is audited as one summary entry (only when it stored something).
      // A deadlock with an import carrying the same events rolls the batch back whole: run it again.
      result.accepted = await retryTransient(() => db.transaction(async (tx) => {
        const stored = await insertEvents(tx, ok.map((g) => g.data));
        if (stored) await recordAudit(tx, [{ actor: `device:${device.deviceId}`, action: 'attendance.ingest', entity: 'device', entityId: device.deviceId, after: { accepted: stored, duplicates: ok.length - stored, projects: [...new Set(ok.map((g) => g.project))] } }]);
        return stored;
      }));
      result.duplicates = ok.length - result.accepted;
    }
  }
  return result;
}
