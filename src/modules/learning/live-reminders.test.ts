import { describe, expect, it } from 'vitest';
import { liveReminderDue } from './live-reminders.ts';

describe('直播课提醒: when a reminder is due', () => {
  const at = (s: string) => new Date(s);
  it('is due the lead time before the start', () => {
    expect(liveReminderDue(at('2026-12-02T19:30:00+08:00'), 30)).toEqual(at('2026-12-02T19:00:00+08:00'));
    expect(liveReminderDue(at('2026-12-02T21:20:00+08:00'), 30)).toEqual(at('2026-12-02T20:50:00+08:00'));
  });
  it('moves a reminder that would fall in quiet hours to the lead before 21:00 that evening or the evening before', () => {
    expect(liveReminderDue(at('2026-12-02T22:00:00+08:00'), 30)).toEqual(at('2026-12-02T20:30:00+08:00'));
    expect(liveReminderDue(at('2026-12-03T07:30:00+08:00'), 30)).toEqual(at('2026-12-02T20:30:00+08:00'));
    expect(liveReminderDue(at('2026-12-03T08:30:00+08:00'), 30)).toEqual(at('2026-12-03T08:00:00+08:00'));
    expect(liveReminderDue(at('2026-12-03T08:20:00+08:00'), 60)).toEqual(at('2026-12-02T20:00:00+08:00'));
  });
});
