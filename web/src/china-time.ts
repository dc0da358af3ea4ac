import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';

/**
 * Dates and times in forms are China time (UTC+8) whatever the browser's own zone: what a picker
 * shows is read as a China wall clock when sent, and what the server stores is shown back on the
 * China wall clock. A picked 2026-12-07 09:00 is sent as `2026-12-07T09:00+08:00`, stored as
 * 01:00 UTC and shown as `2026-12-07 09:00`, in Beijing, in Berlin or on a server set to UTC.
 */

dayjs.locale('zh-cn');

/** The pickers' month and weekday names follow the interface language (一二三 in Chinese, Mon Tue in English). */
export function useCalendarLanguage(lang: 'zh' | 'en'): void {
  const wanted = lang === 'zh' ? 'zh-cn' : 'en';
  if (dayjs.locale() !== wanted) dayjs.locale(wanted);
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A picked day as the server's `YYYY-MM-DD`. */
export const dayText = (d: Dayjs): string => d.format('YYYY-MM-DD');

/** A `YYYY-MM-DD` from the server as a picker value showing that same calendar day. */
export const pickerDay = (text: string | null | undefined): Dayjs | null => (text ? dayjs(text, 'YYYY-MM-DD') : null);

/** A picked day and a picked time of day as one instant on the China wall clock: `2026-12-07T09:00+08:00`. */
export const chinaInstant = (day: Dayjs, time: Dayjs = day): string =>
  `${day.format('YYYY-MM-DD')}T${time.format('HH:mm')}+08:00`;

/** An instant from the server on the China wall clock, `2026-12-07 09:00`. */
export function chinaDateTime(at: string | Date): string {
  const iso = new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A picker value for a time of day (`09:00`), on the picker's own (browser-local) clock. */
export const pickerTime = (hhmm: string): Dayjs => dayjs(`2000-01-01 ${hhmm}`, 'YYYY-MM-DD HH:mm');

/** Whether a picked day lies outside `from`–`to` (inclusive, `YYYY-MM-DD`): for a picker's disabledDate. */
export const outsideDays = (from: string | null, to: string | null) => (d: Dayjs) => {
  const day = dayText(d);
  return (from !== null && day < from) || (to !== null && day > to);
};
