import { isValidDate } from './dates.ts';

/** Why a code was refused: a stable reason code plus words for a clerk, in both languages. */
export interface CodeProblem {
  reason: string;
  zh: string;
  en: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/**
 * Validates an 18-character resident identity number (居民身份证号码, GB 11643): 17 digits, a real
 * birth date not after `today`, and the check character. Returns null when valid.
 */
export function checkIdNumber(value: string, today = '2100-01-01'): CodeProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) {
    return {
      reason: 'ID_FORMAT',
      zh: '身份证号应为18位：17位数字加1位校验码（数字或大写X）',
      en: 'ID number must be 18 characters: 17 digits and a check character (digit or capital X)',
    };
  }
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isValidDate(birth) || birth < '1900-01-01' || birth > today) {
    return {
      reason: 'ID_BIRTH_DATE',
      zh: `身份证号中的出生日期 ${birth} 不是有效日期`,
      en: `the birth date ${birth} in the ID number is not a real date`,
    };
  }
  const expected = idCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      reason: 'ID_CHECK_DIGIT',
      zh: `身份证号校验码错误（应为 ${expected}）`,
      en: `ID number check character is wrong (expected ${expected})`,
    };
  }
  return null;
}

/** Provinces' codes of GB/T 2260 (the first two digits of an ID number's address code). */
const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/**
 * The address code (区域码, first six digits) of an ID number names a province of GB/T 2260 and a
 * prefecture within it (digits 3–4 not 00). Returns null when plausible. Kept apart from
 * `checkIdNumber` so that imports of historic records are not refused for it.
 */
export function checkIdRegion(value: string): CodeProblem | null {
  if (PROVINCE_CODES.has(value.slice(0, 2)) && value.slice(2, 4) !== '00') return null;
  return {
    reason: 'ID_REGION',
    zh: '身份证号前六位地区码不是有效的行政区划代码',
    en: 'the region code (first six digits) of the ID number is not a valid administrative division',
  };
}

export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character of the first 17 characters. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/** Validates a unified social credit code (统一社会信用代码, GB 32100). Returns null when valid. */
export function checkCreditCode(value: string): CodeProblem | null {
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/.test(value)) {
    return {
      reason: 'CREDIT_CODE_FORMAT',
      zh: '统一社会信用代码应为18位，只含数字和大写字母（不含 I、O、Z、S、V）',
      en: 'credit code must be 18 digits or capital letters (no I, O, Z, S, V)',
    };
  }
  const expected = creditCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      reason: 'CREDIT_CODE_CHECK',
      zh: `统一社会信用代码校验码错误（应为 ${expected}）`,
      en: `credit code check character is wrong (expected ${expected})`,
    };
  }
  return null;
}
