/**
 * Quiet hours (免打扰时段): no non-urgent SMS from 21:00 to 08:00 China time; what falls due then
 * waits for 08:00. China keeps one offset (UTC+8) all year, so the arithmetic needs no zone data.
 */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;
const CHINA_MS = 8 * 3600_000;

/** Whether `at` falls in quiet hours (China time). */
export function inQuietHours(at: Date): boolean {
  const hour = new Date(at.getTime() + CHINA_MS).getUTCHours();
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/** The end of the quiet hours `at` falls in (the next 08:00 China time); `at` itself outside them. */
export function quietHoursEnd(at: Date): Date {
  if (!inQuietHours(at)) return at;
  const china = new Date(at.getTime() + CHINA_MS);
  const end = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), QUIET_UNTIL_HOUR) - CHINA_MS;
  return new Date(china.getUTCHours() >= QUIET_FROM_HOUR ? end + 86_400_000 : end);
}

/** The start of the quiet hours `at` falls in (21:00 China time that evening or the evening before); `at` itself outside them. */
export function quietHoursStart(at: Date): Date {
  if (!inQuietHours(at)) return at;
  const china = new Date(at.getTime() + CHINA_MS);
  const start = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), QUIET_FROM_HOUR) - CHINA_MS;
  return new Date(china.getUTCHours() >= QUIET_FROM_HOUR ? start : start - 86_400_000);
}
