/**
 * The live hint beside an ID number being typed (GB 11643): what is still missing or wrong, in
 * words. The server checks again (kernel/identity.ts, with the region code); this only saves a
 * round trip while typing.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdHint = { ok: true } | { ok: false; zh: string; en: string };

export function idNumberHint(raw: string): IdHint | null {
  const id = raw.trim().toUpperCase();
  if (!id) return null;
  if (!/^\d{0,17}[\dX]?$/.test(id) || (id.length < 18 && id.includes('X')))
    return { ok: false, zh: '只能是数字，最后一位可以是 X', en: 'digits only; the last may be X' };
  if (id.length < 18) return { ok: false, zh: `还差 ${18 - id.length} 位`, en: `${18 - id.length} more to go` };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now())
    return {
      ok: false,
      zh: '出生日期（第 7–14 位）不是有效日期',
      en: 'the birth date (digits 7–14) is not a real date',
    };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i];
  if (CHECK[sum % 11] !== id[17])
    return { ok: false, zh: '校验码不对，请核对每一位', en: 'the check digit does not match; check each digit' };
  return { ok: true };
}

/** The province's city an ID number's region code names (`3201…` → `320100`), for the city picker's default. */
export const cityOfIdNumber = (id: string) => (/^\d{4}/.test(id) ? `${id.slice(0, 4)}00` : null);
