import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { chinaDateTime, chinaInstant, dayText, outsideDays, pickerDay, pickerTime } from './china-time.ts';

/** The browser's zone must not move what the user picked: each case runs under several zones. */
const ZONES = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'];
const original = process.env.TZ;

describe('China time in forms, whatever the browser’s zone', () => {
  afterEach(() => {
    process.env.TZ = original;
  });

  for (const zone of ZONES) {
    it(`under ${zone}: a picked 2026-12-07 09:00 is sent as China time and shown back the same`, () => {
      process.env.TZ = zone;
      const day = pickerDay('2026-12-07')!;
      expect(dayText(day)).toBe('2026-12-07');
      const sent = chinaInstant(day, pickerTime('09:00'));
      expect(sent).toBe('2026-12-07T09:00+08:00');
      // The server stores the instant (01:00 UTC) and sends it back as ISO; it reads 09:00 again.
      const stored = new Date(sent).toISOString();
      expect(stored).toBe('2026-12-07T01:00:00.000Z');
      expect(chinaDateTime(stored)).toBe('2026-12-07 09:00');
      // A late evening in China is the same China day, not the next UTC one or the previous local one.
      expect(chinaDateTime('2026-12-07T15:30:00.000Z')).toBe('2026-12-07 23:30');
      expect(chinaDateTime('2026-12-07T16:30:00.000Z')).toBe('2026-12-08 00:30');
      // A date-time picker's value (one dayjs) gives its own wall clock too.
      expect(chinaInstant(dayjs('2027-01-31 18:45', 'YYYY-MM-DD HH:mm'))).toBe('2027-01-31T18:45+08:00');
    });
  }

  it('disables days outside a project’s dates, both ends included', () => {
    const outside = outsideDays('2026-12-01', '2026-12-31');
    expect(outside(pickerDay('2026-11-30')!)).toBe(true);
    expect(outside(pickerDay('2026-12-01')!)).toBe(false);
    expect(outside(pickerDay('2026-12-31')!)).toBe(false);
    expect(outside(pickerDay('2027-01-01')!)).toBe(true);
    expect(outsideDays(null, null)(pickerDay('1999-01-01')!)).toBe(false);
  });
});
