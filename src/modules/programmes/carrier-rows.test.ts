import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../kernel/identity.ts';
import { checkCarrierRow, membersCell, parseMembersCell } from './carrier-rows.ts';

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const HANZI = '南京无锡苏州常州市智能制造装备有限公司集团科技物流电子材料股份合作社';

/** A valid 统一社会信用代码: 17 characters of its alphabet and the GB 32100 check character. */
const creditCode = fc
  .array(fc.constantFrom(...CREDIT_CHARS), { minLength: 17, maxLength: 17 })
  .map((cs) => cs.join(''))
  .map((s) => s + creditCheckChar(s));

/** An enterprise name as clerks write them, brackets included (`常州某（集团）有限公司`). */
const enterpriseName = fc
  .tuple(
    fc.array(fc.constantFrom(...HANZI), { minLength: 1, maxLength: 12 }),
    fc.constantFrom('', '（集团）', '(江苏)', ' 分公司'),
    fc.array(fc.constantFrom(...HANZI), { minLength: 0, maxLength: 6 }),
  )
  .map(([a, b, c]) => `${a.join('')}${b}${c.join('')}`.trim());

const member = fc.oneof(
  fc.record({ name: enterpriseName, code: fc.constant(null) }),
  fc.record({ name: enterpriseName, code: creditCode }),
  fc.record({ name: fc.constant(null), code: creditCode }),
);

describe('the members cell of the carrier register upload', () => {
  it('reads back every member written as name(code), code or name, whatever the separators', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(member, { maxLength: 30, selector: (m) => m.code ?? m.name }),
        fc.array(fc.constantFrom(';', '；', ' ; ', '；  '), { minLength: 30, maxLength: 30 }),
        (members, seps) => {
          const cell = membersCell(members)
            .split('；')
            .map((item, i) => (i ? seps[i]! : '') + item)
            .join('');
          const { items, problems } = parseMembersCell(cell);
          expect(problems).toEqual([]);
          expect(items.map(({ name, code }) => ({ name, code }))).toEqual(members);
        },
      ),
    );
  });

  it('never throws, and every problem names the item with a reason in Chinese and English', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme-composite' }), (cell) => {
        const { items, problems } = parseMembersCell(cell);
        const keys = items.map((m) => m.code ?? m.name);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of problems) {
          expect(p.zh).toMatch(/[\u4e00-\u9fa5]/);
          expect(p.en).toMatch(/[a-z]/);
        }
      }),
    );
  });

  it('refuses a code whose check character is wrong, naming the right one', () => {
    fc.assert(
      fc.property(creditCode, fc.constantFrom(...CREDIT_CHARS), enterpriseName, (code, c, name) => {
        fc.pre(c !== code[17]);
        const wrong = code.slice(0, 17) + c;
        for (const cell of [wrong, `${name}(${wrong})`]) {
          const { items, problems } = parseMembersCell(cell);
          expect(items).toEqual([]);
          expect(problems).toEqual([
            expect.objectContaining({ reason: 'BAD_CREDIT_CODE', zh: expect.stringContaining(`应为 ${code[17]}`) }),
          ]);
        }
      }),
    );
  });

  it('refuses a member named twice (by the same code, or the same name) and keeps the first', () => {
    fc.assert(
      fc.property(member, (m) => {
        const cell = `${membersCell([m])}；${membersCell([m])}`;
        const { items, problems } = parseMembersCell(cell);
        expect(items).toHaveLength(1);
        expect(problems.map((p) => p.reason)).toEqual(['DUPLICATE_MEMBER']);
      }),
    );
    expect(parseMembersCell('甲公司;乙公司；甲公司').problems[0]).toMatchObject({
      reason: 'DUPLICATE_MEMBER',
      zh: '成员企业“甲公司”重复列出',
    });
  });

  it('lowercase codes are read upper-cased; more than 500 members are refused', () => {
    const code = `91320100MA1ABCDE0${creditCheckChar('91320100MA1ABCDE0')}`;
    expect(parseMembersCell(`某公司(${code.toLowerCase()})`).items).toEqual([
      { text: `某公司(${code.toLowerCase()})`, name: '某公司', code },
    ]);
    const many = Array.from({ length: 501 }, (_, i) => `企业${i}`).join(';');
    expect(parseMembersCell(many).problems[0]!.reason).toBe('TOO_MANY_MEMBERS');
  });
});

describe('a row of the carrier register upload', () => {
  const lookups = {
    cities: new Map([
      ['320100', '320100'],
      ['南京市', '320100'],
    ]),
    enterpriseName: (code: string) => (code === '913201001736662571' ? '南京物流1有限公司' : undefined),
  };
  it('resolves the kind by its Chinese name and a member by its registered code', () => {
    const r = checkCarrierRow(
      2,
      {
        name: ' 南京链 ',
        kind: '技能大师工作室',
        city: '南京市',
        owner: '某厂',
        members: '913201001736662571;某配套厂',
      },
      lookups,
    );
    expect(r).toEqual({
      carrier: {
        kind: 'master_studio',
        name: '南京链',
        cityCode: '320100',
        owner: '某厂',
        members: [
          { key: '913201001736662571', name: '南京物流1有限公司' },
          { key: '某配套厂', name: '某配套厂' },
        ],
      },
    });
  });
  it('reports every problem of the row with its column and value', () => {
    const r = checkCarrierRow(
      7,
      { name: '', kind: '城堡', city: '火星市', owner: '', members: '911111111111111111' },
      lookups,
    );
    expect('errors' in r && r.errors.map((e) => [e.line, e.column, e.value, e.reason])).toEqual([
      [7, 'name', '', 'EMPTY_NAME'],
      [7, 'kind', '城堡', 'UNKNOWN_CARRIER_KIND'],
      [7, 'city', '火星市', 'UNKNOWN_CITY'],
      [7, 'owner', '', 'EMPTY_OWNER'],
      [7, 'members', '911111111111111111', 'BAD_CREDIT_CODE'],
    ]);
  });
});
