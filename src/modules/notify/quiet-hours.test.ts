import { describe, expect, it } from 'vitest';
import { inQuietHours, quietHoursEnd, quietHoursStart } from './quiet-hours.ts';

describe('quiet hours (21:00–08:00 China time)', () => {
  it('holds an evening message until 08:00 the next morning', () => {
    const at = new Date('2026-05-10T21:30:00+08:00');
    expect(inQuietHours(at)).toBe(true);
    expect(quietHoursEnd(at).toISOString()).toBe(new Date('2026-05-11T08:00:00+08:00').toISOString());
  });
  it('holds a message after midnight until 08:00 the same day', () => {
    const at = new Date('2026-05-11T03:00:00+08:00');
    expect(quietHoursEnd(at).toISOString()).toBe(new Date('2026-05-11T08:00:00+08:00').toISOString());
  });
  it('lets a daytime message go at once', () => {
    const at = new Date('2026-05-11T08:00:00+08:00');
    expect(inQuietHours(at)).toBe(false);
    expect(quietHoursEnd(at)).toBe(at);
    expect(inQuietHours(new Date('2026-05-11T20:59:59+08:00'))).toBe(false);
  });
});

describe('the start of the quiet hours', () => {
  it('is 21:00 that evening, or the evening before after midnight; a daytime moment is itself', () => {
    expect(quietHoursStart(new Date('2026-05-10T23:00:00+08:00'))).toEqual(new Date('2026-05-10T21:00:00+08:00'));
    expect(quietHoursStart(new Date('2026-05-11T03:00:00+08:00'))).toEqual(new Date('2026-05-10T21:00:00+08:00'));
    const day = new Date('2026-05-11T12:00:00+08:00');
    expect(quietHoursStart(day)).toBe(day);
  });
});
