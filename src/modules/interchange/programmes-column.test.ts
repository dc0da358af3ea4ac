import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowCheck } from '../../kernel/tabular/row-check.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { PROGRAMMES } from '../programmes/index.ts';
import { FILE_SPECS, type FileContext } from './files.ts';

/** The projects file's `programmes` cell (docs/import-files.md), read by the row parser alone. */
const projects = FILE_SPECS.find((s) => s.file === 'projects')!;
const ROW = {
  project_code: 'P1',
  title: '焊工培训班',
  institution_credit_code: '12320100914177769G',
  occupation_code: '6-18-02-04',
  kind: 'employment_skills',
  city_code: '320100',
  start_date: '2025-10-07',
  end_date: '2025-10-22',
};
const ctx = (tagsProjects = true): FileContext => ({
  ref: {
    cities: new Set(['320100']),
    sectors: new Set(),
    groups: new Set(),
    keyTasks: new Set(),
    levels: new Map(),
  },
  vault: {} as PiiVault,
  programmes: new Map(PROGRAMMES.flatMap((p) => [[p.code, p.code] as const, [p.zh, p.code] as const])),
  tagsProjects,
  carriers: new Map(),
  tagsWithCarrierOf: () => true,
});
const parse = (cell: string | undefined, tags = true) => {
  const c = new RowCheck(cell === undefined ? ROW : { ...ROW, programmes: cell }, '2026-01-01');
  const { data } = projects.parse(c, ctx(tags));
  return { error: c.error, programmes: data.programmes };
};

describe('projects.programmes cell', () => {
  it('any mix of codes and names, separated by ; or ；with spaces, reads as the sorted distinct codes', () => {
    const item = fc.constantFrom(...PROGRAMMES.flatMap((p) => [p.code, p.zh]));
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), fc.constantFrom(';', '；', ' ; '), (items, sep) => {
        const { error, programmes } = parse(items.join(sep));
        const codes = items.map((i) => PROGRAMMES.find((p) => p.code === i || p.zh === i)!.code);
        expect(error).toBeNull();
        expect(programmes).toEqual([...new Set(codes)].sort());
      }),
    );
  });

  it('an unknown programme refuses the row, naming it in both languages', () => {
    const known = new Set(PROGRAMMES.flatMap((p) => [p.code, p.zh]));
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 30 })
          .filter((s) => !/[;；]/.test(s) && !!s.trim() && !known.has(s.trim())),
        (bad) => {
          const { error } = parse(`million_youth;${bad}`);
          expect(error).toMatchObject({ column: 'programmes', reason: 'UNKNOWN_PROGRAMME' });
          expect(error!.messageZh).toContain('没有专项计划');
          expect(error!.messageEn).toContain('no programme');
        },
      ),
    );
  });

  it('absent or blank leaves the tags alone; a department may not name any', () => {
    expect(parse(undefined)).toEqual({ error: null, programmes: null });
    expect(parse(' ; ')).toEqual({ error: null, programmes: null });
    expect(parse('million_youth', false).error).toMatchObject({ reason: 'TAGS_BY_DISPATCHER' });
    expect(parse('', false).error).toBeNull();
  });
});
