import { addDays } from '../kernel/dates.ts';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import { creditCheckChar, idCheckChar } from '../modules/registry/index.ts';
import { CITY_CENTRES, GIVEN, SURNAMES } from './names.ts';
import { rngFor } from './rng.ts';
import { CsvWriter } from './writer.ts';

/**
 * 合成省份: a deterministic synthetic province in the interchange format, streamed to files (it
 * never holds the province in memory: entity i is computed from (seed, i) alone). Fraud and policy
 * cases are planted and listed in `labels.csv`, which the platform itself never reads.
 */
export const SCALES = {
  /** The demo province (`serve --demo`): about 1/1000 of Jiangsu's plan, dispatched unevenly over the cities. */
  demo: { projects: 100, perProject: 25, sessions: 8 },
  small: { projects: 60, perProject: 30, sessions: 10 },
  city: { projects: 2400, perProject: 33, sessions: 15 },
  province: { projects: 30000, perProject: 33, sessions: 15 },
} as const;
export type ScaleName = keyof typeof SCALES;

/**
 * The adversary: each fraud pattern is planted with evasion parameters drawn from these
 * distributions (also written to the bundle as `evasion.json`). A planted case draws its
 * *strength* — an index into the pattern's grid — uniformly, and labels.csv records it, so the
 * benchmark scores recall as a curve over strength. Within a strength, the other parameters are
 * drawn uniformly from their ranges.
 */
export const EVASION = {
  /** Proxy rings: one person checks in several trainees' own phones (app, GPS near his own position). */
  ring: {
    shareOfProjects: 0.03,
    /** Seconds the proxy waits between phones, per strength (a range each; strength 0 is the classic "seconds apart"). */
    gapSeconds: [
      [1, 5],
      [5, 15],
      [15, 30],
      [30, 60],
      [60, 180],
    ],
    members: [2, 4],
    /** Share of the class's sessions the ring checks in by proxy; in the others the members come themselves. */
    participation: [0.8, 1],
    /** Each phone's GPS position wobbles by up to this many metres around the proxy's. */
    gpsWobbleMetres: [10, 50],
  },
  /** Replayed faces: one photo's match score every time, with uniform noise of ± this amplitude, per strength. */
  replayFace: { shareOfPersons: 0.004, noise: [0, 0.001, 0.003, 0.005, 0.01, 0.02] },
  /** Too-perfect trainees: check-in and check-out at one offset each, jittered uniformly by ± these seconds, per strength. */
  tooPerfect: { shareOfPersons: 0.003, jitterSeconds: [0, 10, 30, 60, 120] },
  /** Fabricated classes: every record of the class at one offset from start and end, jittered by ± these seconds, per strength. */
  fabricatedClass: { shareOfProjects: 0.015, jitterSeconds: [0, 30, 60, 120] },
  /**
   * Honest trainees: a habit per person — arrival uniform in [−15, +1] min of the start, departure in [−2, +10] min of the
   * end, daily spread (normal) 1.5–5 min in and 1–4 min out, any second — 4 % of arrivals 5–40 min late; face scores
   * normal around a personal mean in [0.75, 0.95] with a personal spread in [0.015, 0.045]; app GPS within ±60 m of the site.
   */
  honest: {
    arrivalMinutes: [-15, 1],
    departureMinutes: [-2, 10],
    arrivalSdMinutes: [1.5, 5],
    departureSdMinutes: [1, 4],
    lateShare: 0.04,
    lateMinutes: [5, 40],
    faceMean: [0.75, 0.95],
    faceSd: [0.015, 0.045],
    gpsMetres: 60,
  },
} as const;

export interface GenerateOptions {
  scale: ScaleName;
  seed: number;
  out: string;
  /** Multiplies each city's share of the classes (not of the people): some cities ahead of their targets, some behind. */
  cityTilt?: Record<string, number>;
  onProgress?: (done: number, total: number) => void;
}

const SEED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/seed-data');
const OCCUPATIONS = parse(fs.readFileSync(path.join(SEED_DIR, 'occupations.csv')), { columns: true }) as {
  code: string;
  sector: string;
  has_levels: string;
}[];
const SECTOR_TASK: Record<string, number> = {
  manufacturing: 1,
  digital: 2,
  low_altitude: 3,
  transport: 4,
  agriculture: 5,
  life_services: 6,
};
const GROUPS = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9'];
const CITIES = Object.keys(CITY_CENTRES);
const CITY_WEIGHTS = CITIES.map((c) => ({ item: c, weight: CITY_CENTRES[c][2] }));
const LEVELS = [
  { item: 'L5', weight: 40 },
  { item: 'L4', weight: 35 },
  { item: 'L3', weight: 17 },
  { item: 'L2', weight: 6 },
  { item: 'L1', weight: 2 },
];
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const DAY = 86_400_000;
const CITY_SHORT: Record<string, string> = {
  '320100': '南京',
  '320200': '无锡',
  '320300': '徐州',
  '320400': '常州',
  '320500': '苏州',
  '320600': '南通',
  '320700': '连云港',
  '320800': '淮安',
  '320900': '盐城',
  '321000': '扬州',
  '321100': '镇江',
  '321200': '泰州',
  '321300': '宿迁',
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** China time with explicit offset, as the standard writes timestamps. */
const cst = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

/** A valid, unique resident ID for person i: district, birth date and sequence follow from i. */
export function personId(i: number, city: string): string {
  // c fixes sequence and district; q, with c, fixes the birth date: (district, birth, seq) is unique per i.
  const c = i % 9000;
  const q = Math.floor(i / 9000);
  const birth = Date.UTC(1966, 0, 1) + ((q * 131 + c * 17) % 14600) * DAY;
  const first17 = `${city.slice(0, 4)}${pad(2 + Math.floor(c / 1000), 2)}${isoDate(birth).replace(/-/g, '')}${pad(c % 1000, 3)}`;
  return first17 + idCheckChar(first17);
}

function creditCode(kind: '52' | '12' | '91', city: string, i: number): string {
  let org = '';
  let n = i * 7_654_321 + 12_345;
  for (let k = 0; k < 9; k++) {
    org += CREDIT_CHARS[n % 31];
    n = Math.floor(n / 31) + k * 7;
  }
  const first17 = `${kind}${city}${org}`;
  return first17 + creditCheckChar(first17);
}

interface Sizes {
  projects: number;
  perProject: number;
  sessions: number;
  persons: number;
  institutions: number;
  evaluators: number;
  enterprises: number;
}

function sizes(scale: ScaleName): Sizes {
  const s = SCALES[scale];
  return {
    ...s,
    persons: s.projects * s.perProject + Math.ceil(s.projects * s.perProject * 0.05),
    institutions: Math.max(13, Math.ceil(s.projects / 20)),
    evaluators: Math.max(13, Math.ceil(s.projects / 150)),
    enterprises: Math.max(13, Math.ceil(s.projects / 6)),
  };
}

/** An honest trainee's habits (stream 16): when they come and go, and how their face scores. */
function habitOf(seed: number, i: number) {
  const r = rngFor(seed, 16, i);
  const h = EVASION.honest;
  return {
    in: r.uniform(h.arrivalMinutes[0], h.arrivalMinutes[1]) * 60,
    inSd: r.uniform(h.arrivalSdMinutes[0], h.arrivalSdMinutes[1]) * 60,
    out: r.uniform(h.departureMinutes[0], h.departureMinutes[1]) * 60,
    outSd: r.uniform(h.departureSdMinutes[0], h.departureSdMinutes[1]) * 60,
    face: r.uniform(h.faceMean[0], h.faceMean[1]),
    faceSd: r.uniform(h.faceSd[0], h.faceSd[1]),
  };
}
const SECOND = 1000;
const toSecond = (ms: number) => Math.round(ms / SECOND) * SECOND;
const clampScore = (x: number) => +Math.min(0.999, Math.max(0.3, x)).toFixed(3);
/** A position within ±metres of (lat, lon). */
const near = (r: { uniform(a: number, b: number): number }, lat: number, lon: number, metres: number) => [
  +(lat + (r.uniform(-1, 1) * metres) / 111_000).toFixed(6),
  +(lon + (r.uniform(-1, 1) * metres) / 94_000).toFixed(6),
];

interface RingRecord {
  inAt: number;
  outAt: number;
  lat: number;
  lon: number;
}
/** A proxy ring's plan for a class (stream 17): members, and for each session it proxies, every member's record. */
function ringPlan(
  seed: number,
  j: number,
  perProject: number,
  sessions: { no: number; s: number; e: number }[],
  siteLat: number,
  siteLon: number,
) {
  const r = rngFor(seed, 17, j);
  const R = EVASION.ring;
  if (!r.chance(R.shareOfProjects)) return null;
  const strength = r.int(0, R.gapSeconds.length - 1);
  const [lo, hi] = R.gapSeconds[strength];
  const size = Math.min(r.int(R.members[0], R.members[1]), perProject - 2);
  const members = Array.from({ length: size }, (_, k) => 2 + k); // never the baseline ring's members 0 and 1
  const participation = r.uniform(R.participation[0], R.participation[1]);
  const wobble = r.uniform(R.gpsWobbleMetres[0], R.gpsWobbleMetres[1]);
  const habitIn = r.uniform(-15, -2) * 60;
  const habitSd = r.uniform(1.5, 5) * 60;
  const bySession = new Map<number, Map<number, RingRecord>>();
  for (const s of sessions) {
    if (!r.chance(participation)) continue;
    const arrive = s.s + (habitIn + r.gauss() * habitSd) * SECOND;
    const leave = s.e + r.uniform(0, 8) * 60 * SECOND;
    const [lat, lon] = near(r, siteLat, siteLon, 30);
    const order = [...members].sort(() => r.next() - 0.5); // the proxy takes the phones out in any order
    const plan = new Map<number, RingRecord>();
    let inGap = 0;
    let outGap = 0;
    for (const [k, m] of order.entries()) {
      if (k > 0) {
        inGap += r.uniform(lo, hi);
        outGap += r.uniform(lo, hi);
      }
      const [la, lo2] = near(r, lat, lon, wobble);
      plan.set(m, {
        inAt: toSecond(arrive + inGap * SECOND),
        outAt: toSecond(leave + outGap * SECOND),
        lat: la,
        lon: lo2,
      });
    }
    bySession.set(s.no, plan);
  }
  return {
    members,
    strength,
    note: `planted: ring of ${size}, ${lo}–${hi} s between phones, ${bySession.size} of ${sessions.length} sessions, GPS ±${Math.round(wobble)} m`,
    bySession,
  };
}

/** A fabricated class (stream 19): every record at one offset from start and end, jittered by the strength's seconds. */
function fabricatedPlan(seed: number, j: number) {
  const r = rngFor(seed, 19, j);
  const F = EVASION.fabricatedClass;
  if (!r.chance(F.shareOfProjects)) return null;
  const strength = r.int(0, F.jitterSeconds.length - 1);
  return {
    strength,
    jitter: F.jitterSeconds[strength],
    inOffset: -r.uniform(2, 10) * 60,
    outOffset: r.uniform(1, 5) * 60,
    r,
  };
}

/** A person is a pure function of (seed, i). */
function person(seed: number, i: number) {
  const r = rngFor(seed, 1, i);
  const city = r.weighted(CITY_WEIGHTS);
  const id = personId(i, city);
  const groups = r.chance(0.06) ? [] : [r.pick(GROUPS), ...(r.chance(0.15) ? [r.pick(GROUPS)] : [])];
  return {
    id,
    city,
    name: r.pick(SURNAMES) + r.pick(GIVEN),
    phone: `1${r.pick(['3', '5', '7', '8', '9'])}${pad(r.int(0, 999_999_999), 9)}`,
    groups: [...new Set(groups)],
    insured: r.chance(0.6) ? r.int(12, 240) : r.int(0, 11),
  };
}

const institution = (seed: number, i: number) => {
  const city = CITIES[i % 13];
  const r = rngFor(seed, 2, i);
  const bad = r.next();
  return {
    code: creditCode(r.pick(['52', '12', '91'] as const), city, i),
    city,
    name: `${CITY_SHORT[city]}${['职业技能培训学校', '职业技术学院', '技工学校', '培训中心'][i % 4]}${i + 1}号`,
    type: r.pick(['technical_school', 'vocational_college', 'private', 'enterprise', 'industry_association']),
    listedFrom: bad < 0.03 ? null : bad < 0.05 ? '2026-06-01' : '2024-01-01',
    blacklistedFrom: bad > 0.985 ? '2025-09-01' : null,
  };
};
/**
 * Evaluators' cities: one in each city, the rest where the work is (by population), so that no
 * evaluator carries a whole big city alone — an honest evaluator's busiest day stays near its peers'.
 */
function evaluatorCities(n: number): string[] {
  const total = CITIES.reduce((s, c) => s + CITY_CENTRES[c][2], 0);
  const out = CITIES.slice(0, Math.min(n, CITIES.length));
  const count = new Map(CITIES.map((c) => [c, out.includes(c) ? 1 : 0]));
  const deficit = (c: string) => (CITY_CENTRES[c][2] * (out.length + 1)) / total - count.get(c)!;
  while (out.length < n) {
    const next = CITIES.reduce((best, c) => (deficit(c) > deficit(best) ? c : best));
    out.push(next);
    count.set(next, count.get(next)! + 1);
  }
  return out;
}

const evaluator = (seed: number, i: number, city: string) => {
  const r = rngFor(seed, 3, i);
  return {
    code: creditCode('52', city, 1_000_000 + i),
    city,
    name: `${CITY_SHORT[city]}职业技能等级认定中心${i + 1}号`,
    listedFrom: r.chance(0.04) ? '2027-01-01' : '2024-01-01',
    no: 1000 + i,
    // Planted by index, so that every scale has some: one in twelve passes every candidate, another runs a certificate mill.
    lenient: i % 12 === 5,
    mill: i % 12 === 7,
  };
};

/** Great-circle distance in km between two city centres (for planting travel that cannot be made). */
function cityKm(a: string, b: string): number {
  const [la1, lo1] = CITY_CENTRES[a];
  const [la2, lo2] = CITY_CENTRES[b];
  const rad = Math.PI / 180;
  const h =
    Math.sin(((la2 - la1) * rad) / 2) ** 2 +
    Math.cos(la1 * rad) * Math.cos(la2 * rad) * Math.sin(((lo2 - lo1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface GenerateResult {
  dir: string;
  counts: Record<string, number>;
}

/**
 * Writes a bundle for the scale and seed, and beside it what the standard does not carry:
 * labels.csv (the planted cases), assessments.csv (evaluators' results) and face-templates.csv
 * (records made with another trainee's face); `src/synthetic/assessments.ts` loads the last two.
 */
export async function generateProvince(opts: GenerateOptions): Promise<GenerateResult> {
  const sz = sizes(opts.scale);
  const seed = opts.seed;
  fs.mkdirSync(opts.out, { recursive: true });
  const w = (name: string, header: string[]) => new CsvWriter(path.join(opts.out, name), header);

  const inst = w('institutions.csv', [
    'credit_code',
    'name',
    'roles',
    'type',
    'city_code',
    'listed_from',
    'blacklisted_from',
  ]);
  const insts = Array.from({ length: sz.institutions }, (_, i) => institution(seed, i));
  const evalCities = evaluatorCities(sz.evaluators);
  const evals = evalCities.map((city, i) => evaluator(seed, i, city));
  for (const x of insts) await inst.row([x.code, x.name, 'training', x.type, x.city, x.listedFrom, x.blacklistedFrom]);
  for (const x of evals)
    await inst.row([x.code, x.name, 'evaluation', 'industry_association', x.city, x.listedFrom, null]);
  await inst.close();

  const ent = w('enterprises.csv', ['credit_code', 'name', 'city_code', 'sector', 'chain_leader']);
  const employers: string[] = [];
  for (let i = 0; i < sz.enterprises; i++) {
    const r = rngFor(seed, 4, i);
    const city = CITIES[i % 13];
    const code = creditCode('91', city, 2_000_000 + i);
    employers.push(code);
    await ent.row([
      code,
      `江苏${['智造', '数科', '物流', '康养', '农业', '航空'][i % 6]}${i + 1}有限公司`,
      city,
      r.pick(Object.keys(SECTOR_TASK)),
      r.chance(0.03),
    ]);
  }
  // Training institutions employ their teachers and staff, so they are employers too (STAFF_AS_TRAINEE reads this).
  for (const x of insts) await ent.row([x.code, x.name, x.city, 'life_services', false]);
  await ent.close();

  const short = w('shortage.csv', ['occupation_code', 'valid_from', 'valid_to']);
  for (const o of OCCUPATIONS.filter((_, k) => k % 5 === 0)) await short.row([o.code, '2025-01-01', null]);
  await short.close();

  const per = w('persons.csv', [
    'id_number',
    'name',
    'phone',
    'city_code',
    'groups',
    'insured_months',
    'insured_as_of',
  ]);
  for (let i = 0; i < sz.persons; i++) {
    const p = person(seed, i);
    await per.row([p.id, p.name, p.phone, p.city, p.groups.join(';'), p.insured, '2026-06-30']);
  }
  // Planted duplicates: every 5,000th person registered a second time under another ID number
  // (same name, birth date and phone; district code 99, which no generated ID uses).
  const twins: { id: string; twin: string }[] = [];
  for (let i = 0, k = 0; i < sz.persons; i += 5000, k++) {
    const p = person(seed, i);
    const first17 = `${p.id.slice(0, 4)}99${p.id.slice(6, 14)}${pad(k % 1000, 3)}`;
    const twin = first17 + idCheckChar(first17);
    twins.push({ id: p.id, twin });
    await per.row([twin, p.name, p.phone, p.city, p.groups.join(';'), p.insured, '2026-06-30']);
  }
  await per.close();

  const files = {
    projects: w('projects.csv', [
      'project_code',
      'title',
      'institution_credit_code',
      'occupation_code',
      'level',
      'kind',
      'key_task',
      'city_code',
      'start_date',
      'end_date',
      'fee_per_person',
    ]),
    sessions: w('sessions.csv', ['project_code', 'session_no', 'starts_at', 'ends_at', 'site_lat', 'site_lon']),
    enrolments: w('enrolments.csv', ['project_code', 'id_number', 'enrolled_on']),
    attendance: w('attendance.csv', [
      'project_code',
      'session_no',
      'id_number',
      'check_in_at',
      'check_out_at',
      'method',
      'face_score',
      'lat',
      'lon',
      'device_id',
    ]),
    certificates: w('certificates.csv', [
      'certificate_no',
      'id_number',
      'occupation_code',
      'kind',
      'level',
      'issued_on',
      'evaluator_credit_code',
      'project_code',
    ]),
    employment: w('employment.csv', ['id_number', 'employer_credit_code', 'start_date', 'end_date', 'contract_months']),
    applications: w('applications.csv', [
      'application_id',
      'id_number',
      'type',
      'certificate_no',
      'project_code',
      'applied_on',
    ]),
    labels: w('labels.csv', [
      'case',
      'code',
      'project_code',
      'session_no',
      'id_number',
      'device_id',
      'application_id',
      'note',
      'strength',
    ]),
    // Not part of the standard: assessment results as evaluators record them in the platform (see loadAssessments).
    assessments: w('assessments.csv', [
      'evaluator_credit_code',
      'project_code',
      'occupation_code',
      'level',
      'held_on',
      'id_number',
      'passed',
    ]),
    // Not part of the standard either: face records matched to someone else's enrolled face (every other face record matches its own person's).
    faces: w('face-templates.csv', ['project_code', 'session_no', 'id_number', 'face_of_id_number']),
  };
  fs.writeFileSync(path.join(opts.out, 'evasion.json'), JSON.stringify(EVASION, null, 2));
  /** A label row; `strength` indexes the pattern's evasion grid (EVASION), empty for patterns planted at one strength. */
  const label = (values: unknown[], strength: number | null = null) => files.labels.row([...values, strength]);
  for (const t of twins)
    await label([
      'duplicate_person',
      'DUPLICATE_PERSON',
      null,
      null,
      t.twin,
      null,
      null,
      `planted: the same person as ${t.id}`,
    ]);
  const instByCity = new Map(CITIES.map((c) => [c, insts.filter((x) => x.city === c)]));
  const evalByCity = new Map(CITIES.map((c) => [c, evals.filter((x) => x.city === c)]));
  let appNo = 0;
  let certSerial = 0;
  const certNo = (ev: { no: number }, level: string, year: string) =>
    `Y${pad(ev.no % 10000, 4)}32${pad(ev.no % 10000, 4)}${year.slice(2)}${{ LA: 9, L5: 5, L4: 4, L3: 3, L2: 2, L1: 1 }[level] ?? 0}${pad(++certSerial, 8)}`;

  const projectCityWeights = opts.cityTilt
    ? CITY_WEIGHTS.map((x) => ({ item: x.item, weight: x.weight * (opts.cityTilt?.[x.item] ?? 1) }))
    : CITY_WEIGHTS;
  const recent: { code: string; start: string; end: string; inst: string; city: string }[] = []; // for planted double enrolments and travel
  const candidates = new Map<string, number>(); // assessed candidates per evaluator
  for (let j = 0; j < sz.projects; j++) {
    const r = rngFor(seed, 5, j);
    const city = r.weighted(projectCityWeights);
    const occ = r.pick(OCCUPATIONS);
    const levelled = occ.has_levels === 'true';
    const level = levelled ? r.weighted(LEVELS) : null;
    const ins = r.pick(instByCity.get(city)!);
    const code = `P${pad(j + 1, 7)}`;
    const start = isoDate(Date.UTC(2025, 0, 6) + r.int(0, 640) * DAY);
    const end = addDays(start, sz.sessions + 2);
    const [lat0, lon0] = CITY_CENTRES[city];
    const siteLat = +(lat0 + (r.next() - 0.5) * 0.2).toFixed(6);
    const siteLon = +(lon0 + (r.next() - 0.5) * 0.2).toFixed(6);
    const kind = r.weighted([
      { item: 'employment_skills', weight: 45 },
      { item: 'post_skills', weight: 30 },
      { item: 'project_based', weight: 20 },
      { item: 'entrepreneurship', weight: 5 },
    ]);
    const keyTask = r.chance(0.7) ? SECTOR_TASK[occ.sector] : r.int(7, 15);
    await files.projects.row([
      code,
      `${occ.code}培训班${j + 1}`,
      ins.code,
      occ.code,
      level,
      kind,
      keyTask,
      city,
      start,
      end,
      kind === 'project_based' ? '0.00' : `${r.int(8, 30) * 100}.00`,
    ]);
    const sessions: { no: number; s: number; e: number }[] = [];
    for (let k = 0; k < sz.sessions; k++) {
      const s = Date.parse(`${addDays(start, k)}T01:00:00Z`) + (k % 2) * 5 * 3600_000; // 09:00 or 14:00 CST
      const e = s + 3 * 3600_000;
      sessions.push({ no: k + 1, s, e });
      await files.sessions.row([code, k + 1, cst(s), cst(e), siteLat, siteLon]);
    }
    const ring = r.chance(0.02); // a proxy-attendance ring: one phone for two trainees in a session
    const fabricated = fabricatedPlan(seed, j);
    const proxies = fabricated ? null : ringPlan(seed, j, sz.perProject, sessions, siteLat, siteLon);
    if (fabricated)
      await label(
        [
          'fabricated_class',
          'FABRICATED_CLASS',
          code,
          null,
          null,
          null,
          null,
          `planted: every record within ±${fabricated.jitter} s of one offset`,
        ],
        fabricated.strength,
      );
    const ev = r.pick(evalByCity.get(city)!);
    for (let m = 0; m < sz.perProject; m++) {
      const pi = j * sz.perProject + m;
      const p = person(seed, pi);
      const pr = rngFor(seed, 6, pi);
      await files.enrolments.row([code, p.id, addDays(start, -pr.int(3, 20))]);
      const truant = pr.chance(0.07);
      const ghost = pr.chance(0.004); // a replayed photo: one score, with noise of the strength's amplitude (stream 18)
      const replayStrength = rngFor(seed, 18, pi).int(0, EVASION.replayFace.noise.length - 1);
      const replayNoise = EVASION.replayFace.noise[replayStrength];
      const habit = habitOf(seed, pi);
      const inRingPlan = proxies?.members.includes(m) ?? false;
      const device = `M-${p.id}`; // the trainee's own phone (the full ID keeps phones of different people apart)
      // Plantings draw from their own streams, so the rest of the province is the same with or without them.
      const perfectR = rngFor(seed, 8, pi);
      const perfect = perfectR.chance(EVASION.tooPerfect.shareOfPersons) && !fabricated; // checks in and out at one offset each, jittered by the strength's seconds
      const perfectStrength = perfectR.int(0, EVASION.tooPerfect.jitterSeconds.length - 1);
      const perfectJitter = EVASION.tooPerfect.jitterSeconds[perfectStrength];
      const faceProxy = rngFor(seed, 15, pi).chance(0.002) && m + 1 < sz.perProject && !ring && !perfect; // session 2 by the next trainee's face
      let records = 0;
      let firstOut: number | null = null; // check-out of session 1, if attended
      for (const s of sessions) {
        const proxied = inRingPlan ? (proxies!.bySession.get(s.no) ?? null) : null;
        const byProxy = proxied?.get(m) ?? null;
        if (truant && !byProxy && !fabricated && pr.chance(0.4)) continue;
        const inRing = ring && m < 2 && s.no % 3 === 0; // both ring members check in by the one phone
        const drawn = pr.weighted([
          { item: 'face_terminal', weight: 60 },
          { item: 'mobile_app', weight: 25 },
          { item: 'card', weight: 12 },
          { item: 'manual', weight: 3 },
        ]);
        const method = inRing || byProxy ? 'mobile_app' : drawn;
        const late = pr.chance(EVASION.honest.lateShare)
          ? pr.uniform(EVASION.honest.lateMinutes[0], EVASION.honest.lateMinutes[1]) * 60
          : 0;
        const drawnIn = toSecond(s.s + (habit.in + pr.gauss() * habit.inSd + late) * SECOND);
        const drawnOut = toSecond(s.e + (habit.out + pr.gauss() * habit.outSd) * SECOND);
        // Each too-perfect trainee has their own offset (11 s apart), so two of them do not also look synchronized.
        const jitter = (r: { uniform(a: number, b: number): number }, seconds: number) =>
          r.uniform(-seconds, seconds) * SECOND;
        const inAt = byProxy
          ? byProxy.inAt
          : fabricated
            ? toSecond(s.s + fabricated.inOffset * SECOND + jitter(fabricated.r, fabricated.jitter))
            : perfect
              ? toSecond(s.s - 120_000 - (pi % 40) * 11_000 + jitter(perfectR, perfectJitter))
              : drawnIn;
        const outAt = byProxy
          ? byProxy.outAt
          : fabricated
            ? toSecond(s.e + fabricated.outOffset * SECOND + jitter(fabricated.r, fabricated.jitter))
            : perfect
              ? toSecond(s.e + 2 * 60_000 + jitter(perfectR, perfectJitter))
              : drawnOut;
        records++;
        if (s.no === 1) firstOut = outAt;
        const face =
          method === 'face_terminal' || method === 'mobile_app'
            ? ghost
              ? clampScore(0.912 + rngFor(seed, 18, pi * 64 + s.no).uniform(-replayNoise, replayNoise))
              : clampScore(habit.face + pr.gauss() * habit.faceSd)
            : null;
        const gps = byProxy
          ? [byProxy.lat, byProxy.lon]
          : method === 'mobile_app'
            ? near(pr, siteLat, siteLon, EVASION.honest.gpsMetres)
            : [null, null];
        const dev =
          method === 'mobile_app'
            ? inRing
              ? `M-RING-${code}`
              : device
            : method === 'face_terminal'
              ? `T-${code}`
              : method === 'card'
                ? `C-${code}`
                : null;
        await files.attendance.row([code, s.no, p.id, cst(inAt), cst(outAt), method, face, gps[0], gps[1], dev]);
        if (dev?.startsWith('M-RING'))
          await label(['proxy_ring', 'PROXY_DEVICE', code, s.no, p.id, dev, null, 'planted: one phone, two trainees']);
        if (faceProxy && s.no === 2 && method === 'face_terminal') {
          const other = person(seed, pi + 1).id;
          await files.faces.row([code, s.no, p.id, other]);
          await label([
            'face_proxy',
            'SHARED_FACE_TEMPLATE',
            code,
            s.no,
            p.id,
            null,
            null,
            `planted: checked in with the face of ${other}`,
          ]);
        }
      }
      if (ghost)
        await label(
          [
            'ghost_trainee',
            'GHOST_CONSTANT_FACE',
            code,
            null,
            p.id,
            device,
            null,
            `planted: one photo's score ±${replayNoise}`,
          ],
          replayStrength,
        );
      if (perfect && records >= 5)
        await label(
          [
            'too_perfect',
            'TOO_PERFECT_ATTENDANCE',
            code,
            null,
            p.id,
            null,
            null,
            `planted: one offset in and out, ±${perfectJitter} s`,
          ],
          perfectStrength,
        );
      if (inRingPlan)
        await label(['ring', 'SYNCHRONIZED_CHECKINS', code, null, p.id, null, null, proxies!.note], proxies!.strength);
      // Enrolled at another institution's class over the same dates (stream 11).
      if (rngFor(seed, 11, pi).chance(0.001)) {
        const other = recent.find((x) => x.inst !== ins.code && x.start <= end && start <= x.end);
        if (other) {
          await files.enrolments.row([other.code, p.id, addDays(other.start, -3)]);
          await label([
            'multi_institution',
            'MULTI_INSTITUTION_CLAIM',
            other.code,
            null,
            p.id,
            null,
            null,
            'planted: two institutions at once',
          ]);
        }
      }
      // One phone for two trainees of the class, in different sessions (the baseline sees one session only).
      if (rngFor(seed, 9, pi).chance(0.002) && m + 1 < sz.perProject && sessions.length >= 2 && !ring && !perfect) {
        const shared = `M-SHARED-${code}-${m}`;
        for (const [who, s] of [
          [p.id, sessions[0]],
          [person(seed, pi + 1).id, sessions[1]],
        ] as const) {
          await files.attendance.row([
            code,
            s.no,
            who,
            cst(s.s - 3 * 60_000),
            cst(s.e + 3 * 60_000),
            'mobile_app',
            0.912,
            siteLat,
            siteLon,
            shared,
          ]);
          await label([
            'shared_device',
            'SHARED_DEVICE',
            code,
            s.no,
            who,
            shared,
            null,
            'planted: one phone, two trainees, different sessions',
          ]);
        }
      }
      // Impossible presence: a few trainees also "attend" a session of the previous project at the same time.
      const present = j > 0 && pr.chance(0.002) && !perfect;
      if (present) {
        const other = `P${pad(j, 7)}`;
        const s = sessions[0];
        await files.attendance.row([other, 1, p.id, cst(s.s), cst(s.e), 'card', null, null, null, `C-${other}`]);
        await label([
          'impossible_presence',
          'IMPOSSIBLE_PRESENCE',
          other,
          1,
          p.id,
          `C-${other}`,
          null,
          'planted: in two sessions at once (if they overlap)',
        ]);
      }
      // Impossible travel (stream 14): 40 minutes after leaving session 1, a card check-in at a class in a city over 150 km away.
      if (firstOut !== null && !present && rngFor(seed, 14, pi).chance(0.002)) {
        const far = recent.find((x) => cityKm(x.city, city) > 150);
        if (far) {
          const at = firstOut + 40 * 60_000;
          await files.attendance.row([
            far.code,
            1,
            p.id,
            cst(at),
            cst(at + 3 * 3600_000),
            'card',
            null,
            null,
            null,
            `C-${far.code}`,
          ]);
          await label([
            'impossible_travel',
            'IMPOSSIBLE_TRAVEL',
            far.code,
            1,
            p.id,
            `C-${far.code}`,
            null,
            `planted: ${CITY_SHORT[city]} → ${CITY_SHORT[far.city]} in 40 minutes`,
          ]);
        }
      }
      // Staff of the training institution enrolled as its trainees (stream 12); a near miss left its job two months before the class.
      const staff = rngFor(seed, 12, pi);
      if (staff.chance(0.001)) {
        await files.employment.row([p.id, ins.code, addDays(start, -400), null, 36]);
        await label([
          'staff_as_trainee',
          'STAFF_AS_TRAINEE',
          code,
          null,
          p.id,
          null,
          null,
          'planted: employed by the institution during its own class',
        ]);
        // biome-ignore lint/suspicious/noDuplicateElseIf: a second, independent draw (the generator's stream is fixed)
      } else if (staff.chance(0.001)) {
        await files.employment.row([p.id, ins.code, addDays(start, -400), addDays(start, -60), 12]);
      }
      // Every trainee sits the evaluator's assessment a week after the class; a lenient evaluator passes them all.
      const failed = pr.chance(0.1); // did not pass or did not sit the assessment
      const passes = !failed || ev.lenient;
      await files.assessments.row([ev.code, code, occ.code, level, addDays(end, 7), p.id, passes]);
      candidates.set(ev.code, (candidates.get(ev.code) ?? 0) + 1);
      if (!passes) continue;
      const issued = addDays(end, pr.int(10, 45));
      const certLevel = levelled ? level! : null;
      const no = certNo(ev, certLevel ?? 'LA', issued.slice(0, 4));
      await files.certificates.row([
        no,
        p.id,
        occ.code,
        levelled ? 'skill_level' : 'special_ability',
        certLevel,
        issued,
        ev.code,
        code,
      ]);
      if (pr.chance(0.55)) {
        const startJob = addDays(end, pr.int(5, 200));
        await files.employment.row([p.id, pr.pick(employers), startJob, null, pr.pick([6, 12, 24, 36])]);
      }
      if (pr.chance(0.08)) continue; // never applied
      const late = pr.chance(0.015);
      const applied = addDays(issued, late ? pr.int(370, 420) : pr.int(1, 200));
      const appId = `A${pad(++appNo, 8)}`;
      await files.applications.row([appId, p.id, 'training', no, code, applied]);
      if (late)
        await label(['policy', 'LATE_APPLICATION', code, null, p.id, null, appId, 'planted: applied after 12 months']);
      // A second, project-less skill-upgrade claim for insured workers, sometimes on the same certificate (must be refused).
      if (p.insured >= 12 && pr.chance(0.05)) {
        const same = pr.chance(0.3);
        const upNo = same ? no : certNo(ev, 'L4', issued.slice(0, 4));
        if (!same) await files.certificates.row([upNo, p.id, occ.code, 'skill_level', 'L4', issued, ev.code, null]);
        const upId = `A${pad(++appNo, 8)}`;
        await files.applications.row([upId, p.id, 'skill_upgrade', upNo, null, addDays(issued, pr.int(201, 300))]);
        if (same)
          await label([
            'policy',
            'CERT_ALREADY_SUBSIDIZED',
            null,
            null,
            p.id,
            null,
            upId,
            'planted: second claim on one certificate (refused when the first counted)',
          ]);
      }
    }
    recent.unshift({ code, start, end, inst: ins.code, city });
    if (recent.length > 200) recent.pop();
    opts.onProgress?.(j + 1, sz.projects);
  }
  for (const ev of evals) {
    if (ev.lenient && (candidates.get(ev.code) ?? 0) >= 20)
      await label([
        'lenient_evaluator',
        'EVALUATOR_PASS_RATE',
        null,
        null,
        null,
        null,
        null,
        `planted: ${ev.code} passes every candidate`,
      ]);
  }
  // Certificate mills: on one day, a mill evaluator issues 60 certificates to people outside any class (the 5 % not enrolled).
  const pool = sz.projects * sz.perProject;
  const levelled = OCCUPATIONS.filter((o) => o.has_levels === 'true');
  for (const [k, ev] of evals.entries()) {
    if (!ev.mill) continue;
    const day = `2026-03-${pad(10 + (k % 15), 2)}`;
    for (let n = 0; n < 60; n++) {
      const p = person(seed, pool + ((k * 60 + n) % (sz.persons - pool)));
      const occ = levelled[(k + n) % levelled.length];
      await files.certificates.row([certNo(ev, 'L5', '2026'), p.id, occ.code, 'skill_level', 'L5', day, ev.code, null]);
    }
    await label([
      'certificate_mill',
      'CERTIFICATE_MILL',
      null,
      null,
      null,
      null,
      null,
      `planted: ${ev.code} issued 60 certificates on ${day}`,
    ]);
  }
  const counts: Record<string, number> = {};
  for (const [k, f] of Object.entries(files)) {
    await f.close();
    counts[k] = f.rows;
  }
  counts.persons = sz.persons;
  counts.institutions = sz.institutions + sz.evaluators;
  counts.enterprises = sz.enterprises;
  return { dir: opts.out, counts };
}
