import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../kernel/clock.ts';
import { checkActivity, chinaDateTime, type ActivityLookups } from './activity-row.ts';

const lookups: ActivityLookups = {
  cities: new Map([
    ['320100', '320100'],
    ['南京市', '320100'],
  ]),
  occupations: new Map([
    ['6-18-02-04', { code: '6-18-02-04', sector: 'manufacturing' }],
    ['焊工', { code: '6-18-02-04', sector: 'manufacturing' }],
  ]),
};

const row = (over: Record<string, string> = {}) => ({
  kind: '招聘会',
  title: '招聘会',
  organiser: '南京市人社局',
  city: '南京市',
  district: '',
  place: '人力资源市场',
  start: '2026-12-01 09:00',
  end: '2026-12-01 12:00',
  occupation: '焊工',
  capacity: '100',
  ...over,
});

describe('an activity row', () => {
  it('reads a China wall-clock time as that instant, on that China day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          const china = new Date(d.getTime() + 8 * 3_600_000).toISOString();
          const text = `${china.slice(0, 10)} ${china.slice(11, 16)}`;
          const at = chinaDateTime(text)!;
          expect(at.getTime()).toBe(Math.floor(d.getTime() / 60_000) * 60_000);
          expect(chinaDate(at)).toBe(china.slice(0, 10));
        },
      ),
    );
  });

  it('never throws on any text: a time is read or refused', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const at = chinaDateTime(s);
        expect(at === null || !Number.isNaN(at.getTime())).toBe(true);
      }),
    );
    for (const bad of ['2026-02-30 09:00', '2026-12-01 24:00', '2026-12-01 09:60', '2026-12-01', '09:00'])
      expect(chinaDateTime(bad)).toBeNull();
  });

  it('resolves names and codes, and refuses any capacity that is not a whole number from 1', () => {
    const ok = checkActivity(row(), lookups);
    expect(ok).toMatchObject({
      activity: { kind: 'job_fair', cityCode: '320100', occupationCode: '6-18-02-04', capacity: 100 },
    });
    fc.assert(
      fc.property(fc.string(), (capacity) => {
        const r = checkActivity(row({ capacity }), lookups);
        const whole = /^\d+$/.test(capacity.trim()) && Number(capacity) >= 1 && Number(capacity) <= 100_000;
        expect('activity' in r).toBe(whole);
        if (!whole && 'problems' in r) expect(r.problems.map((p) => p.reason)).toEqual(['BAD_CAPACITY']);
      }),
    );
  });

  it('reports every problem of a row at once, each with its column', () => {
    const r = checkActivity(row({ kind: '舞会', city: '火星', start: 'x', occupation: '无' }), lookups);
    expect('problems' in r && r.problems.map((p) => `${p.column}:${p.reason}`)).toEqual([
      'kind:UNKNOWN_ACTIVITY_KIND',
      'city:UNKNOWN_CITY',
      'start:BAD_START',
      'occupation:UNKNOWN_OCCUPATION',
    ]);
  });
});
