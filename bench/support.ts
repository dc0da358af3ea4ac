import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateProvince, type ScaleName } from '../src/synthetic/generate-province.ts';

export const OUT = path.resolve(import.meta.dirname, 'out');

/** The generated bundle for a scale (cached in bench/out, regenerated when missing). */
export async function bundleFor(scale: ScaleName, seed = 2025): Promise<string> {
  const dir = path.join(OUT, `${scale}-${seed}`);
  if (!fs.existsSync(path.join(dir, 'face-templates.csv'))) {
    // the newest file: older bundles are regenerated
    console.error(`generating ${scale} province (seed ${seed}) …`);
    await generateProvince({ scale, seed, out: dir });
  }
  return dir;
}

export { freshDatabase } from '../test/support/global-setup.ts';

/** Samples this process's RSS; call stop() for the peak in MB. */
export function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return {
    stop: () => {
      clearInterval(t);
      return Math.round(peak / 1e6);
    },
  };
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join('/')}`;
}

export function record(line: string) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.appendFileSync(path.join(OUT, 'results.log'), `${new Date().toISOString()} ${line}\n`);
  console.log(line);
}

/** The p-th percentile (nearest rank) of timings in ms. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** A JSON call to the server under test: POST `path` with `body` as `token` (`Bearer …`, or '' for none). */
export type BenchApi = (path: string, body: unknown, token: string) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BenchClass {
  projectCode: string;
  sessions: { no: number; start: number; end: number }[];
  trainees: string[];
  devices: { deviceId: string; secret: string }[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SITE = { siteName: '南京市第1职业技术学院 实训楼（压测）', siteLat: 32.05, siteLon: 118.78 };

/**
 * A class the device benches may report on now (docs/training-lifecycle.md § Attendance devices):
 * dispatched by 南京, accepted by 南京市第1职业技术学院, six 11-hour sessions of the last three days
 * (the last ending an hour ago, the first well within the 72-hour upload deadline), the trainees
 * enrolled, and the devices registered by the city at the class's site.
 */
export async function benchClass(
  api: BenchApi,
  trainees: string[],
  devices: { deviceId: string; kind: string }[],
): Promise<BenchClass> {
  const login = async (username: string) =>
    `Bearer ${(await api('/api/auth/login', { username, password: 'Jineng@2025', bearer: true }, '')).token}`;
  const [city, institution] = [await login('nanjing'), await login('jigou')];
  const now = Math.floor(Date.now() / MINUTE) * MINUTE; // whole minutes: devices' minutes are calendar minutes
  const chinaDay = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(0, 10);
  const must = (r: any, what: string) => {
    if (r?.code) throw new Error(`${what}: ${JSON.stringify(r)}`);
    return r;
  }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const { projectCode } = must(
    await api(
      '/api/projects',
      {
        title: '焊工班（压测）',
        occupationCode: '6-18-02-04',
        level: 'L5',
        kind: 'employment_skills',
        keyTask: 1,
        startDate: chinaDay(now - 96 * HOUR),
        endDate: chinaDay(now + 24 * HOUR),
        plannedHours: 66,
        plannedTrainees: Math.max(1, trainees.length),
        modules: ['焊接'],
        price: '1000.00',
        institutionCode: '12320100914177769G',
      },
      city,
    ),
    'dispatch',
  );
  must(await api(`/api/projects/${projectCode}/accept`, {}, institution), 'accept');
  const sessions: BenchClass['sessions'] = [];
  for (let k = 0; k < 6; k++) {
    const end = now - HOUR - (5 - k) * 12 * HOUR;
    const start = end - 11 * HOUR;
    const { sessionNo } = must(
      await api(
        `/api/projects/${projectCode}/sessions`,
        {
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(end).toISOString(),
          teacher: '王师傅',
          mode: 'practice',
          ...SITE,
        },
        institution,
      ),
      'session',
    );
    sessions.push({ no: sessionNo, start, end });
  }
  for (const idNumber of trainees)
    must(await api(`/api/projects/${projectCode}/enrolments`, { idNumber }, institution), 'enrol');
  const registered = [];
  for (const d of devices) {
    const r = must(await api('/api/devices', { ...d, institutionCode: '12320100914177769G', ...SITE }, city), 'device');
    registered.push({ deviceId: r.deviceId as string, secret: r.secret as string });
  }
  return { projectCode, sessions, trainees, devices: registered };
}

/**
 * The n-th distinct event device `u` of `d` may send for the bench class: every second of its own
 * minutes (devices never share a person, session and minute, which the API refuses as a
 * near-duplicate), each trainee and session, check-in inside the session's window, check-out a
 * minute later.
 */
export function benchEvent(c: BenchClass, n: number, u = 0, d = 1) {
  const second = n % 60;
  let rest = Math.floor(n / 60);
  const person = c.trainees[rest % c.trainees.length];
  rest = Math.floor(rest / c.trainees.length);
  const s = c.sessions[rest % c.sessions.length];
  const minute = Math.floor(rest / c.sessions.length) * d + u;
  const checkIn = s.start - 30 * MINUTE + minute * MINUTE + second * 1000;
  if (checkIn + MINUTE > s.end + 30 * MINUTE)
    throw new Error(`the bench class has no room for event ${n} of device ${u}`);
  return {
    project_code: c.projectCode,
    session_no: s.no,
    id_number: person,
    check_in_at: new Date(checkIn).toISOString(),
    check_out_at: new Date(checkIn + MINUTE).toISOString(),
  };
}
