import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowCheck } from '../../kernel/tabular/row-check.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import type { CarrierKey } from '../programmes/index.ts';
import { FILE_SPECS, type FileContext } from './files.ts';

/** The projects file's `carriers` cell (docs/import-files.md), read by the row parser alone. */
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
/** A small register: three Nanjing carriers, one Suzhou one, and a name both cities use. */
const REGISTER = [
  { id: '0b7c1a52-0000-4000-8000-000000000001', name: '南京焊接技能大师工作室', cityCode: '320100' },
  { id: '0b7c1a52-0000-4000-8000-000000000002', name: '南京高技能人才培训基地', cityCode: '320100' },
  { id: '0b7c1a52-0000-4000-8000-000000000003', name: '智能制造微专业', cityCode: '320100' },
  { id: '0b7c1a52-0000-4000-8000-000000000004', name: '苏州链主技能生态链', cityCode: '320500' },
  { id: '0b7c1a52-0000-4000-8000-000000000005', name: '智能制造微专业', cityCode: '320500' },
];
const keys = new Map<string, CarrierKey[]>();
for (const r of REGISTER) {
  keys.set(r.id, [{ id: r.id, cityCode: r.cityCode }]);
  keys.set(r.name, [...(keys.get(r.name) ?? []), { id: r.id, cityCode: r.cityCode }]);
}
type Importer = 'province' | 'nanjing' | 'department';
const ctx = (who: Importer): FileContext => ({
  ref: { cities: new Set(['320100']), sectors: new Set(), groups: new Set(), keyTasks: new Set(), levels: new Map() },
  vault: {} as PiiVault,
  programmes: new Map(),
  tagsProjects: who !== 'department',
  carriers: keys,
  tagsWithCarrierOf: (city) => who !== 'nanjing' || city === '320100',
});
const parse = (cell: string | undefined, who: Importer = 'province') => {
  const c = new RowCheck(cell === undefined ? ROW : { ...ROW, carriers: cell }, '2026-01-01');
  const { data } = projects.parse(c, ctx(who));
  return { error: c.error, carriers: data.carriers };
};
const NANJING = REGISTER.slice(0, 3);

describe('projects.carriers cell', () => {
  it('any mix of ids and unique names, separated by ; or ；with spaces, reads as the sorted distinct ids', () => {
    // Unique names: every carrier but the two 智能制造微专业 (those go by id).
    const item = fc.constantFrom(
      ...REGISTER.flatMap((r) => (REGISTER.filter((o) => o.name === r.name).length > 1 ? [r.id] : [r.id, r.name])),
    );
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(';', '；', ' ; ', '; '),
        (items, sep) => {
          const { error, carriers } = parse(items.join(sep));
          const ids = items.map((i) => REGISTER.find((r) => r.id === i || r.name === i)!.id);
          expect(error).toBeNull();
          expect(carriers).toEqual([...new Set(ids)].sort());
        },
      ),
    );
  });

  it('a city officer’s names are read among its city’s carriers; another city’s carrier refuses the row', () => {
    const item = fc.constantFrom(...NANJING.flatMap((r) => [r.id, r.name]));
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 4 }), (items) => {
        const { error, carriers } = parse(items.join(';'), 'nanjing');
        expect(error).toBeNull();
        expect(carriers).toEqual(
          [...new Set(items.map((i) => NANJING.find((r) => r.id === i || r.name === i)!.id))].sort(),
        );
        const foreign = parse([...items, '苏州链主技能生态链'].join(';'), 'nanjing').error;
        expect(foreign).toMatchObject({ column: 'carriers', reason: 'CARRIER_OF_ANOTHER_CITY' });
        expect(foreign!.messageZh).toContain('培训载体 苏州链主技能生态链 属于其他设区市');
        expect(foreign!.messageEn).toContain('carrier 苏州链主技能生态链 belongs to another city');
      }),
    );
    // The name Nanjing and Suzhou share is Nanjing's for Nanjing, and needs the id from the province.
    expect(parse('智能制造微专业', 'nanjing')).toEqual({ error: null, carriers: [REGISTER[2]!.id] });
    expect(parse('智能制造微专业').error).toMatchObject({
      reason: 'AMBIGUOUS_CARRIER',
      messageZh: 'carriers：有多个培训载体名为 智能制造微专业，请填写载体编号',
      messageEn: 'carriers: several carriers are named 智能制造微专业: give the carrier’s id',
    });
    expect(parse(REGISTER[4]!.id).carriers).toEqual([REGISTER[4]!.id]);
    expect(parse(REGISTER[4]!.id.toUpperCase()).carriers).toEqual([REGISTER[4]!.id]);
  });

  it('an unknown carrier refuses the row, naming it in both languages', () => {
    const known = new Set(keys.keys());
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 30 })
          .filter((s) => !/[;；]/.test(s) && !!s.trim() && !known.has(s.trim()) && !known.has(s.trim().toLowerCase())),
        (bad) => {
          const { error } = parse(`南京焊接技能大师工作室;${bad}`);
          expect(error).toMatchObject({ column: 'carriers', reason: 'UNKNOWN_CARRIER' });
          expect(error!.messageZh).toContain(`没有培训载体 ${bad.trim().slice(0, 50)}`);
          expect(error!.messageEn).toContain('no carrier');
        },
      ),
    );
  });

  it('absent or blank leaves the carriers alone; a department may not name any', () => {
    expect(parse(undefined)).toEqual({ error: null, carriers: null });
    expect(parse(' ；; ')).toEqual({ error: null, carriers: null });
    expect(parse('南京焊接技能大师工作室', 'department').error).toMatchObject({
      column: 'carriers',
      reason: 'TAGS_BY_DISPATCHER',
      messageZh: 'carriers：项目的培训载体由派单的设区市或省人社厅标注，行业部门导入时请留空此列',
    });
    expect(parse('', 'department').error).toBeNull();
  });
});
