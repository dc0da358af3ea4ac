import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { retryTransient } from '../../db/retry.ts';
import { actorName, type Actor, type Device } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Invalid, Unauthenticated } from '../../kernel/errors.ts';
import { newToken } from '../../kernel/ids.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import type { RowError } from '../../kernel/tabular/row-check.ts';
import { ATTENDANCE_COLUMNS, parseAttendanceRow } from './attendance-row.ts';
import { RowCheck } from '../../kernel/tabular/row-check.ts';
import {
  assertMayRegisterDevice,
  DEVICE_EVENT_RULES,
  DEVICE_REFUSALS,
  FIXED_DEVICE_KINDS,
  type DeviceRefusal,
} from './training.policy.ts';

const DEVICE_KINDS = ['face_terminal', 'mobile_app', 'card'] as const;
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewDevice {
  deviceId: string;
  kind: string;
  /** The institution whose classes the device attests, and the site (场所) where it stands. */
  institutionCode: string;
  siteName: string;
  siteLat: number;
  siteLon: number;
}

/**
 * A city officer (for an institution of their city) or the province registers a device bound to a
 * site; its secret is shown once and stored only as a hash. The device id is the key: registering
 * it again, even at the same moment, is a conflict (409), decided by the insert itself.
 */
export async function registerDevice(db: Db, actor: Actor, input: NewDevice) {
  const [institution] = await db.query<{ city_code: string; roles: string[] }>(
    'SELECT city_code, roles FROM registry.institutions WHERE credit_code = $1',
    [input.institutionCode],
  );
  if (!institution?.roles.includes('training'))
    throw new Invalid(
      'UNKNOWN_INSTITUTION',
      `${input.institutionCode} 不是登记的培训机构`,
      `${input.institutionCode} is not a registered training institution`,
      { field: 'institutionCode' },
    );
  assertMayRegisterDevice(actor, institution);
  if (!(DEVICE_KINDS as readonly string[]).includes(input.kind))
    throw new Invalid(
      'UNKNOWN_DEVICE_KIND',
      `设备类型应为 ${DEVICE_KINDS.join('、')}`,
      `device kind must be one of ${DEVICE_KINDS.join(', ')}`,
    );
  if (!/^[A-Za-z0-9_.:-]{3,64}$/.test(input.deviceId))
    throw new Invalid(
      'BAD_DEVICE_ID',
      '设备编号只能含字母、数字和 _.:-，3–64位',
      'device id: 3–64 letters, digits or _.:-',
    );
  const siteName = input.siteName?.trim() ?? '';
  if (!siteName || siteName.length > 100)
    throw new Invalid(
      'BAD_SITE_NAME',
      '请填写设备所在场所名称（最多100字）',
      'name the site where the device stands (at most 100 characters)',
      { field: 'siteName' },
    );
  if (!(Math.abs(input.siteLat) <= 90 && Math.abs(input.siteLon) <= 180))
    throw new Invalid('BAD_SITE_COORDINATES', '场所坐标无效', 'the site coordinates are not valid', {
      field: 'siteLat',
    });
  const secret = newToken(24);
  return db.transaction(async (tx) => {
    const stored = await tx.query(
      `INSERT INTO devices (device_id, kind, institution_code, token_hash, site_name, site_lat, site_lon, registered_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (device_id) DO NOTHING RETURNING device_id`,
      [
        input.deviceId,
        input.kind,
        input.institutionCode,
        hash(secret),
        siteName,
        input.siteLat,
        input.siteLon,
        actorName(actor),
      ],
    );
    if (!stored.length) throw new Conflict('DEVICE_EXISTS', '设备编号已存在', 'this device id is taken');
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'device.register',
        entity: 'device',
        entityId: input.deviceId,
        after: {
          kind: input.kind,
          institution: input.institutionCode,
          site: siteName,
          lat: input.siteLat,
          lon: input.siteLon,
        },
      },
    ]);
    return { deviceId: input.deviceId, kind: input.kind, institutionCode: input.institutionCode, siteName, secret };
  });
}

export type { Device };

/** Authenticates a device from `Authorization: Device <id>:<secret>`. */
export async function authenticateDevice(db: Db, header: string | undefined): Promise<Device> {
  const m = /^Device ([^:\s]+):(\S+)$/.exec(header ?? '');
  if (!m) throw new Unauthenticated('DEVICE_UNAUTHENTICATED', '设备未认证', 'the device is not authenticated');
  const [d] = await db.query<{
    device_id: string;
    kind: string;
    institution_code: string;
    token_hash: string;
    active: number;
    site_lat: number | null;
    site_lon: number | null;
  }>('SELECT * FROM devices WHERE device_id = $1', [m[1]]);
  const ok = d && d.active === 1 && timingSafeEqual(Buffer.from(d.token_hash), Buffer.from(hash(m[2])));
  if (!ok) throw new Unauthenticated('DEVICE_UNAUTHENTICATED', '设备未认证', 'the device is not authenticated');
  return {
    deviceId: d.device_id,
    kind: d.kind,
    institutionCode: d.institution_code,
    siteLat: d.site_lat,
    siteLon: d.site_lon,
  };
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; column: string; reason: string; message_zh: string; message_en: string }[];
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
 * Why each event of a batch may not be stored (training.policy.ts, docs/training-lifecycle.md §
 * Attendance devices), in one statement over the batch's arrays — set operations, not a query per
 * event: the session and person exist; the project is the device's institution's and, for a fixed
 * device, held at its site; the person is enrolled; the times are not in the future, lie in the
 * session's window and arrive before the upload deadline; and no other device has reported the
 * same person, session and check-in minute. Returns the refused events' positions and reasons.
 */
async function refusedEvents(
  tx: Db,
  device: Device,
  events: { ord: number; data: Record<string, unknown> }[],
  now: Date,
): Promise<Map<number, DeviceRefusal>> {
  const R = DEVICE_EVENT_RULES;
  const fixedSite = FIXED_DEVICE_KINDS.includes(device.kind) && device.siteLat !== null && device.siteLon !== null;
  const col = (c: string) => events.map((e) => e.data[c] ?? null);
  const rows = await tx.query<{ ord: number; reason: DeviceRefusal }>(
    `WITH ev AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[])
         AS t(ord, project_code, session_no, person_key, check_in_at, check_out_at)),
     checked AS (
       SELECT ev.ord, CASE
         WHEN s.session_no IS NULL THEN 'UNKNOWN_SESSION'
         WHEN per.person_key IS NULL THEN 'UNKNOWN_PERSON'
         WHEN pr.institution_code IS DISTINCT FROM $7 THEN 'NOT_DEVICE_INSTITUTION'
         WHEN $8::boolean AND s.site_lat IS NOT NULL AND s.site_lon IS NOT NULL
              AND 2 * 6371000 * asin(least(1, sqrt(power(sin(radians(s.site_lat - $9::float8) / 2), 2)
                  + cos(radians($9::float8)) * cos(radians(s.site_lat)) * power(sin(radians(s.site_lon - $10::float8) / 2), 2)))) > $11 THEN 'NOT_DEVICE_SITE'
         WHEN en.person_key IS NULL THEN 'NOT_ENROLLED'
         WHEN ev.check_out_at > $12::timestamptz + make_interval(mins => $13) THEN 'FUTURE_EVENT'
         WHEN ev.check_in_at < s.starts_at - make_interval(mins => $14) OR ev.check_out_at > s.ends_at + make_interval(mins => $14) THEN 'OUTSIDE_SESSION'
         WHEN $12::timestamptz > s.ends_at + make_interval(hours => $15) THEN 'LATE_EVENT'
         WHEN EXISTS (
           SELECT 1 FROM attendance a
           WHERE a.project_code = ev.project_code AND a.person_key = ev.person_key AND a.session_no = ev.session_no
             AND a.check_in_at >= date_trunc('minute', ev.check_in_at) AND a.check_in_at < date_trunc('minute', ev.check_in_at) + interval '1 minute'
             AND a.device_id IS DISTINCT FROM $16) THEN 'NEAR_DUPLICATE'
       END AS reason
       FROM ev
       LEFT JOIN sessions s ON s.project_code = ev.project_code AND s.session_no = ev.session_no
       LEFT JOIN registry.persons per ON per.person_key = ev.person_key
       LEFT JOIN projects pr ON pr.project_code = ev.project_code
       LEFT JOIN enrolments en ON en.project_code = ev.project_code AND en.person_key = ev.person_key)
     SELECT ord, reason FROM checked WHERE reason IS NOT NULL`,
    [
      events.map((e) => e.ord),
      col('project_code'),
      col('session_no'),
      col('person_key'),
      col('check_in_at'),
      col('check_out_at'),
      device.institutionCode,
      fixedSite,
      device.siteLat,
      device.siteLon,
      R.siteRadiusMetres,
      now,
      R.clockSkewMinutes,
      R.windowMarginMinutes,
      R.uploadDeadlineHours,
      device.deviceId,
    ],
  );
  return new Map(rows.map((r) => [r.ord, r.reason]));
}

/**
 * Serialises batches that report on the same sessions, so that two devices sending the same check-in
 * at the same moment cannot both pass the near-duplicate test. One lock per (project, session), taken
 * in a fixed order (no deadlock between batches), held to the end of the transaction.
 */
async function lockSessions(tx: Db, events: { data: Record<string, unknown> }[]) {
  const keys = [...new Set(events.map((e) => `${e.data.project_code}#${e.data.session_no}`))].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('attendance:' || k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
    [keys],
  );
}

/**
 * Check-in/check-out events from a device, in batches (up to 500). Each event is validated like an
 * attendance row of the interchange standard, must be of the device's kind, and pass the device
 * rules (refusedEvents); each refused event is reported with its reason, the others are stored. The
 * same event twice counts once.
 */
export async function ingestAttendance(
  db: Db,
  vault: PiiVault,
  device: Device,
  events: Record<string, unknown>[],
  clock: Clock = systemClock,
): Promise<IngestResult> {
  if (events.length > 500) throw new Invalid('BATCH_TOO_LARGE', '每批最多500条', 'at most 500 events per batch');
  const now = clock.now();
  const today = chinaDate(now);
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const reject = (index: number, e: Pick<RowError, 'column' | 'reason' | 'messageZh' | 'messageEn'>) =>
    result.rejected.push({
      index,
      column: e.column,
      reason: e.reason,
      message_zh: e.messageZh,
      message_en: e.messageEn,
    });
  const good: { ord: number; data: Record<string, unknown> }[] = [];
  // biome-ignore lint/suspicious/useIterableCallbackReturn: each `return reject(…)` only skips a refused event
  events.forEach((ev, index) => {
    const values = Object.fromEntries(
      Object.entries({ ...ev, device_id: device.deviceId }).map(([k, v]) => [
        k,
        v === null || v === undefined ? '' : String(v).trim(),
      ]),
    );
    const check = new RowCheck(values, today);
    const parsed = { data: parseAttendanceRow(check, vault) };
    if (check.error) return reject(index, check.error);
    if (values.method !== device.kind)
      return reject(index, {
        column: 'method',
        reason: 'METHOD_NOT_DEVICE_KIND',
        messageZh: `该设备只能上报 ${device.kind} 记录`,
        messageEn: `this device reports ${device.kind} records only`,
      });
    // Beyond the standard: the id of the enrolled face template the device matched (SHARED_FACE_TEMPLATE reads it).
    const template = values.face_template ?? '';
    if (template) {
      if (device.kind === 'card')
        return reject(index, {
          column: 'face_template',
          reason: 'FACE_TEMPLATE_WITHOUT_FACE',
          messageZh: '刷卡记录不应带人脸模板编号',
          messageEn: 'a card record carries no face template',
        });
      if (!/^[A-Za-z0-9._:+/=-]{1,128}$/.test(template))
        return reject(index, {
          column: 'face_template',
          reason: 'BAD_FACE_TEMPLATE',
          messageZh: '人脸模板编号只能含字母、数字和 ._:+/=-，最长128位',
          messageEn: 'face template id: up to 128 letters, digits or ._:+/=-',
        });
    }
    good.push({ ord: index, data: { ...parsed.data, face_template: template || null } });
  });
  if (good.length) {
    // Like an import, a batch is audited as one summary entry (only when it stored something).
    // A deadlock with an import carrying the same events rolls the batch back whole: run it again.
    const outcome = await retryTransient(() =>
      db.transaction(async (tx) => {
        await lockSessions(tx, good);
        const refused = await refusedEvents(tx, device, good, now);
        const ok = good.filter((g) => !refused.has(g.ord));
        const stored = ok.length
          ? await insertEvents(
              tx,
              ok.map((g) => g.data),
            )
          : 0;
        if (stored)
          await recordAudit(tx, [
            {
              actor: `device:${device.deviceId}`,
              action: 'attendance.ingest',
              entity: 'device',
              entityId: device.deviceId,
              after: {
                accepted: stored,
                duplicates: ok.length - stored,
                refused: refused.size,
                projects: [...new Set(ok.map((g) => g.data.project_code))],
              },
            },
          ]);
        return { refused, ok: ok.length, stored };
      }),
    );
    for (const [ord, reason] of outcome.refused) reject(ord, { reason, ...DEVICE_REFUSALS[reason] });
    result.accepted = outcome.stored;
    result.duplicates = outcome.ok - outcome.stored;
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}
