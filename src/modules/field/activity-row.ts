import { isValidDate } from '../../kernel/dates.ts';
import { ACTIVITY_KIND_NAMES, type ActivityKind } from './field.labels.ts';

/** The columns of an activity list (CSV/XLSX upload); the form sends the same fields. */
export const ACTIVITY_COLUMNS = [
  'kind',
  'title',
  'organiser',
  'city',
  'district',
  'place',
  'start',
  'end',
  'occupation',
  'capacity',
] as const;

/** What the row's codes and names resolve against (read once per upload). */
export interface ActivityLookups {
  /** City code and city name → code. */
  cities: Map<string, string>;
  /** Occupation code and name → { code, sector }. */
  occupations: Map<string, { code: string; sector: string }>;
}

/** One refusal of a cell, in the words the upload report and the form show. */
export interface ActivityProblem {
  column: string;
  reason: string;
  zh: string;
  en: string;
}

/** An activity as checked: codes resolved, times as instants (China time typed, UTC stored). */
export interface CheckedActivity {
  kind: ActivityKind;
  title: string;
  organiser: string;
  cityCode: string;
  district: string | null;
  place: string;
  startsAt: Date;
  endsAt: Date;
  occupationCode: string | null;
  sector: string | null;
  capacity: number;
}

export const MAX_CAPACITY = 100_000;

/** `2026-12-01 19:00` (China time) → the instant; null when not a real date and time. */
export function chinaDateTime(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || !isValidDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return new Date(`${m[1]}T${m[2]}:${m[3]}:00+08:00`);
}

/** A kind by its code (night_school) or its Chinese name (技能夜校), as a clerk would type it. */
function kindOf(text: string): ActivityKind | null {
  if (Object.hasOwn(ACTIVITY_KIND_NAMES, text)) return text as ActivityKind;
  const found = Object.entries(ACTIVITY_KIND_NAMES).find(([, n]) => n.zh === text);
  return found ? (found[0] as ActivityKind) : null;
}

/**
 * Checks one activity (a form or an uploaded row): every problem of the row is reported, each with
 * its column and a reason in Chinese and English, so a clerk fixes the file in one pass.
 */
export function checkActivity(
  v: Record<string, string | undefined>,
  lookups: ActivityLookups,
): { activity: CheckedActivity } | { problems: ActivityProblem[] } {
  const problems: ActivityProblem[] = [];
  const fail = (column: string, reason: string, zh: string, en: string) => problems.push({ column, reason, zh, en });
  const text = (k: string) => (v[k] ?? '').trim();
  const kind = kindOf(text('kind'));
  if (!kind)
    fail(
      'kind',
      'UNKNOWN_ACTIVITY_KIND',
      `活动类型“${text('kind')}”无效，应为：${Object.values(ACTIVITY_KIND_NAMES)
        .map((n) => n.zh)
        .join('、')}`,
      `activity kind "${text('kind')}" is not one of: ${Object.keys(ACTIVITY_KIND_NAMES).join(', ')}`,
    );
  const title = text('title');
  if (!title || title.length > 100)
    fail('title', 'BAD_TITLE', '请填写活动名称（最多100字）', 'give the activity a title (at most 100 characters)');
  const organiser = text('organiser');
  if (!organiser || organiser.length > 100)
    fail('organiser', 'BAD_ORGANISER', '请填写主办单位（最多100字）', 'name the organiser (at most 100 characters)');
  const cityCode = lookups.cities.get(text('city'));
  if (!cityCode) fail('city', 'UNKNOWN_CITY', `城市“${text('city')}”不存在`, `city "${text('city')}" does not exist`);
  const district = text('district');
  if (district.length > 40) fail('district', 'BAD_DISTRICT', '区县最多40字', 'district: at most 40 characters');
  const place = text('place');
  if (!place || place.length > 200)
    fail('place', 'BAD_PLACE', '请填写活动地点（最多200字）', 'give the place (at most 200 characters)');
  const startsAt = chinaDateTime(text('start'));
  const endsAt = chinaDateTime(text('end'));
  if (!startsAt)
    fail(
      'start',
      'BAD_START',
      '开始时间应为“YYYY-MM-DD HH:MM”',
      'the start must be a date and time as YYYY-MM-DD HH:MM',
    );
  if (!endsAt)
    fail('end', 'BAD_END', '结束时间应为“YYYY-MM-DD HH:MM”', 'the end must be a date and time as YYYY-MM-DD HH:MM');
  if (startsAt && endsAt && endsAt <= startsAt)
    fail('end', 'END_BEFORE_START', '结束时间应晚于开始时间', 'the end must be after the start');
  let occupation: { code: string; sector: string } | null = null;
  if (text('occupation')) {
    occupation = lookups.occupations.get(text('occupation')) ?? null;
    if (!occupation)
      fail(
        'occupation',
        'UNKNOWN_OCCUPATION',
        `职业“${text('occupation')}”不在职业目录中`,
        `occupation "${text('occupation')}" is not in the catalog`,
      );
  }
  const capacity = Number(text('capacity'));
  if (!/^\d+$/.test(text('capacity')) || capacity < 1 || capacity > MAX_CAPACITY)
    fail(
      'capacity',
      'BAD_CAPACITY',
      `名额应为 1–${MAX_CAPACITY} 的整数`,
      `capacity must be a whole number from 1 to ${MAX_CAPACITY}`,
    );
  if (problems.length) return { problems };
  return {
    activity: {
      kind: kind!,
      title,
      organiser,
      cityCode: cityCode!,
      district: district || null,
      place,
      startsAt: startsAt!,
      endsAt: endsAt!,
      occupationCode: occupation?.code ?? null,
      sector: occupation?.sector ?? null,
      capacity,
    },
  };
}
