import { checkCreditCode } from '../../kernel/identity.ts';
import { clipText } from '../../kernel/tabular/row-check.ts';
import { CARRIER_KINDS, type CarrierKind } from './programme-list.ts';
import { CARRIER_KIND_NAMES } from './programmes.labels.ts';

/**
 * The columns of the carrier register's upload (docs/programmes.md § Uploading the register): each
 * by its code or a Chinese name; the first Chinese name is the template's header.
 */
export const CARRIER_COLUMNS = {
  name: ['载体名称', '名称'],
  kind: ['载体类型', '类型'],
  city: ['设区市', '城市'],
  owner: ['依托/牵头单位', '依托单位', '牵头单位', '依托（牵头）单位'],
  members: ['成员企业'],
} as const;
export type CarrierColumn = keyof typeof CARRIER_COLUMNS;

/** The longest name and owner a carrier may have (the form's limit), and the most members (likewise). */
export const MAX_CARRIER_TEXT = 200;
export const MAX_CARRIER_MEMBERS = 500;

/** One refused cell of an uploaded row, in the words the page's error table shows. */
export interface CarrierRowError {
  line: number;
  column: CarrierColumn | string;
  value: string;
  reason: string;
  zh: string;
  en: string;
}

/** A member enterprise as a `members` cell names it: by name, by credit code, or both. */
export interface MemberItem {
  /** The item as written (for the error table). */
  text: string;
  name: string | null;
  /** 统一社会信用代码, upper-cased; null when the item is a name only. */
  code: string | null;
}

export interface MemberProblem {
  item: string;
  reason: string;
  zh: string;
  en: string;
}

/** A run of 15 or more Latin letters and digits is read as a credit code (and checked as one), never as a name. */
const CODE_LIKE = /^[0-9A-Za-z]{15,}$/;
/** `名称(代码)` or `名称（代码）`: a code in brackets at the end of the item. */
const NAME_AND_CODE = /^(.*?)\s*[(（]\s*([0-9A-Za-z]{15,})\s*[)）]$/;

/**
 * Reads a `members` cell: items separated by `;` or `；`, each one of
 * - `名称(统一社会信用代码)` (half- or full-width brackets) — the enterprise with its code;
 * - `统一社会信用代码` alone — an enterprise of the registry, named as the registry names it;
 * - a name alone — an enterprise not (yet) in the registry, identified by its name.
 * Brackets that do not hold a code are part of the name (`常州某（集团）有限公司`). Every problem
 * is reported: a code whose format or check character is wrong, a name over 200 characters, a
 * member named twice, more than 500 members. Never throws, whatever the text.
 */
export function parseMembersCell(cell: string): { items: MemberItem[]; problems: MemberProblem[] } {
  const items: MemberItem[] = [];
  const problems: MemberProblem[] = [];
  const texts = cell
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (texts.length > MAX_CARRIER_MEMBERS) {
    problems.push({
      item: clipText(cell, 50),
      reason: 'TOO_MANY_MEMBERS',
      zh: `成员企业最多 ${MAX_CARRIER_MEMBERS} 家（此格有 ${texts.length} 家）`,
      en: `at most ${MAX_CARRIER_MEMBERS} member enterprises (this cell has ${texts.length})`,
    });
    return { items, problems };
  }
  const seen = new Set<string>();
  for (const text of texts) {
    const shown = clipText(text, 60);
    const both = NAME_AND_CODE.exec(text);
    const item: MemberItem = both
      ? { text, name: both[1]!.trim() || null, code: both[2]!.toUpperCase() }
      : CODE_LIKE.test(text)
        ? { text, name: null, code: text.toUpperCase() }
        : { text, name: text, code: null };
    if (item.code) {
      const bad = checkCreditCode(item.code);
      if (bad) {
        problems.push({
          item: shown,
          reason: 'BAD_CREDIT_CODE',
          zh: `成员企业“${shown}”：${bad.zh}`,
          en: `member enterprise "${shown}": ${bad.en}`,
        });
        continue;
      }
    }
    if (item.name && item.name.length > MAX_CARRIER_TEXT) {
      problems.push({
        item: shown,
        reason: 'MEMBER_NAME_TOO_LONG',
        zh: `成员企业名称最多 ${MAX_CARRIER_TEXT} 字：“${shown}”`,
        en: `a member enterprise's name has at most ${MAX_CARRIER_TEXT} characters: "${shown}"`,
      });
      continue;
    }
    const key = item.code ?? item.name!;
    if (seen.has(key)) {
      problems.push({
        item: shown,
        reason: 'DUPLICATE_MEMBER',
        zh: `成员企业“${clipText(key, 60)}”重复列出`,
        en: `member enterprise "${clipText(key, 60)}" is listed twice`,
      });
      continue;
    }
    seen.add(key);
    items.push(item);
  }
  return { items, problems };
}

/** Writes members back as a `members` cell (the template's example and the round-trip test). */
export const membersCell = (items: { name: string | null; code: string | null }[]): string =>
  items.map((m) => (m.code && m.name ? `${m.name}(${m.code})` : (m.code ?? m.name ?? ''))).join('；');

/** What a row's names resolve against, read once per upload. */
export interface CarrierLookups {
  /** City code, name, and name without 市 → code. */
  cities: Map<string, string>;
  /** A registered enterprise's name by its credit code (for a member given by code alone). */
  enterpriseName: (code: string) => string | undefined;
}

/** A carrier row as checked: codes resolved, members keyed as the register keys them. */
export interface CheckedCarrier {
  kind: CarrierKind;
  name: string;
  cityCode: string;
  owner: string;
  /** key: the credit code when known, else the name (as `registerCarrier` keys them). */
  members: { key: string; name: string }[];
}

/** A kind by its code (master_studio) or its Chinese name (技能大师工作室). */
function kindOf(text: string): CarrierKind | null {
  if ((CARRIER_KINDS as readonly string[]).includes(text)) return text as CarrierKind;
  const found = (Object.entries(CARRIER_KIND_NAMES) as [CarrierKind, { zh: string }][]).find(([, n]) => n.zh === text);
  return found ? found[0] : null;
}

/**
 * Checks one row of the register's upload on its own, reporting every problem of the row with its
 * column, the value and a reason in Chinese and English, so the clerk fixes the file in one pass.
 */
export function checkCarrierRow(
  line: number,
  v: Record<CarrierColumn, string>,
  lookups: CarrierLookups,
): { carrier: CheckedCarrier } | { errors: CarrierRowError[] } {
  const errors: CarrierRowError[] = [];
  const fail = (column: CarrierColumn, value: string, reason: string, zh: string, en: string) =>
    errors.push({ line, column, value: clipText(value), reason, zh, en });
  const name = v.name.trim();
  if (!name) fail('name', '', 'EMPTY_NAME', '载体名称为空', 'the carrier has no name');
  else if (name.length > MAX_CARRIER_TEXT)
    fail(
      'name',
      name,
      'NAME_TOO_LONG',
      `载体名称最多 ${MAX_CARRIER_TEXT} 字`,
      `a carrier's name has at most ${MAX_CARRIER_TEXT} characters`,
    );
  const kindText = v.kind.trim();
  const kind = kindOf(kindText);
  if (!kind)
    fail(
      'kind',
      kindText,
      'UNKNOWN_CARRIER_KIND',
      `载体类型“${clipText(kindText, 40)}”无效，应为：${Object.values(CARRIER_KIND_NAMES)
        .map((n) => n.zh)
        .join('、')}`,
      `carrier kind "${clipText(kindText, 40)}" is not one of: ${CARRIER_KINDS.join(', ')}`,
    );
  const cityText = v.city.trim();
  const cityCode = lookups.cities.get(cityText);
  if (!cityCode)
    fail(
      'city',
      cityText,
      'UNKNOWN_CITY',
      `设区市“${clipText(cityText, 40)}”不存在（填市名如“南京市”或代码）`,
      `city "${clipText(cityText, 40)}" does not exist (give its name or code)`,
    );
  const owner = v.owner.trim();
  if (!owner) fail('owner', '', 'EMPTY_OWNER', '依托/牵头单位为空', 'the carrier has no owner (lead unit)');
  else if (owner.length > MAX_CARRIER_TEXT)
    fail(
      'owner',
      owner,
      'OWNER_TOO_LONG',
      `依托/牵头单位最多 ${MAX_CARRIER_TEXT} 字`,
      `the owner has at most ${MAX_CARRIER_TEXT} characters`,
    );
  const parsed = parseMembersCell(v.members);
  for (const p of parsed.problems) fail('members', p.item, p.reason, p.zh, p.en);
  const members: { key: string; name: string }[] = [];
  for (const m of parsed.items) {
    const memberName = m.name ?? lookups.enterpriseName(m.code!);
    if (!memberName) {
      fail(
        'members',
        m.text,
        'UNKNOWN_ENTERPRISE',
        `成员企业 ${m.code} 不在企业名录中：请写成“名称(统一社会信用代码)”`,
        `member enterprise ${m.code} is not in the registry: write it as "name(credit code)"`,
      );
      continue;
    }
    members.push({ key: m.code ?? memberName, name: memberName });
  }
  if (errors.length) return { errors };
  return { carrier: { kind: kind!, name, cityCode: cityCode!, owner, members } };
}
