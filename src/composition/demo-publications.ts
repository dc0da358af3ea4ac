import { SYSTEM_PROVINCE } from '../kernel/auth.ts';
import { DIRECTORIES, DIRECTORY_NAMES, publishDirectory, type DirectoryEntry } from '../modules/catalog/index.ts';
import { publishDerived } from '../workflows/publish-directories.ts';
import type { AppContext } from './context.ts';

/**
 * Demo-only content the example bundle does not carry: open job orders from the demo enterprises,
 * and the directories published once (derived ones from the records; the three that departments
 * upload filled from demo enterprises, cities and technical schools, marked as demo in their note).
 */
export async function loadDemoPublications(ctx: AppContext): Promise<void> {
  const db = ctx.db;
  const enterprises = await db.query<{ credit_code: string; name: string; city_code: string; sector: string }>(
    'SELECT credit_code, name, city_code, sector FROM enterprises ORDER BY credit_code',
  );
  const occupations = await db.query<{ code: string; name: string; sector: string }>(
    'SELECT code, name, sector FROM occupations ORDER BY code',
  );
  let n = 0;
  for (const e of enterprises) {
    const same = occupations.filter((o) => o.sector === e.sector);
    if (!same.length) continue;
    const o = same[n % same.length];
    const head = 3 + ((n * 7) % 18);
    await db.query(
      `INSERT INTO job_orders (order_id, enterprise_code, occupation_code, level, headcount, city_code, pay_min_fen, pay_max_fen, deadline, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'2027-06-30','system:demo')`,
      [
        `JODEMO${String(++n).padStart(4, '0')}`,
        e.credit_code,
        o.code,
        n % 2 ? 'L4' : null,
        head,
        e.city_code,
        500000 + (n % 5) * 50000,
        800000 + (n % 5) * 100000,
      ],
    );
  }
  const cities = await db.query<{ code: string; name: string }>('SELECT code, name FROM cities ORDER BY code');
  const schools = await db.query<{ credit_code: string; name: string; city_code: string }>(
    `SELECT credit_code, name, city_code FROM institutions WHERE type = 'technical_school' ORDER BY credit_code`,
  );
  const uploads: Record<string, DirectoryEntry[]> = {
    internship_units: enterprises.map((e) => ({
      code: e.credit_code,
      name: e.name,
      cityCode: e.city_code,
      attrs: { sector: e.sector, positions: 5 },
    })),
    hr_service_agencies: cities.map((c) => ({
      code: `HR${c.code}`,
      name: `${c.name}人力资源服务产业园`,
      cityCode: c.code,
      attrs: { services: '招聘、培训、劳务派遣' },
    })),
    technical_school_enrolment: schools.flatMap((s, i) =>
      [0, 1].map((k) => {
        const o = occupations[(i * 2 + k) % occupations.length];
        return {
          code: `${s.credit_code}/${o.code}`,
          name: `${s.name} · ${o.name}`,
          cityCode: s.city_code,
          attrs: { school: s.name, major: o.name, seats: 40 + k * 20 },
        };
      }),
    ),
  };
  for (const name of DIRECTORY_NAMES) {
    if (DIRECTORIES[name].source === 'derived')
      await publishDerived(ctx, SYSTEM_PROVINCE, name, '2025-01-01', '演示省份首次发布');
    else
      await publishDirectory(db, SYSTEM_PROVINCE, name, {
        effectiveFrom: '2025-01-01',
        note: '演示数据（示例条目）',
        entries: uploads[name] ?? [],
      });
  }
}
