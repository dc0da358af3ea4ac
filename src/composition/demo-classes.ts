import { SYSTEM_PROVINCE, type Actor } from '../kernel/auth.ts';
import { addDays } from '../kernel/dates.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { acceptProject, addSession, createProject } from '../modules/training/index.ts';
import { CITY_CENTRES } from '../synthetic/names.ts';
import type { AppContext } from './context.ts';

/** The demo's institution staff, acting only to accept and schedule its own demo classes. */
const staffOf = (institutionCode: string): Actor => ({
  ...SYSTEM_PROVINCE,
  username: 'system:demo',
  displayName: '演示',
  role: 'institution_staff',
  institutionCode,
});

/**
 * Upcoming classes for 找培训 (the generated province's classes have all ended): in each city, one
 * listed training institution takes a class that starts in the coming weeks — dispatched by the
 * province, accepted and scheduled through the training module like any other — so a worker who
 * opens the phone app finds classes near them. Dated from today, so a later first start has them too.
 */
export async function loadDemoClasses(ctx: AppContext, clock: Clock = systemClock): Promise<number> {
  const today = chinaDate(clock.now());
  const institutions = await ctx.db.query<{ credit_code: string; name: string; city_code: string }>(
    `SELECT DISTINCT ON (city_code) credit_code, name, city_code FROM institutions
     WHERE 'training' = ANY(roles) AND listed_from <= $1::date AND (blacklisted_from IS NULL OR blacklisted_from > $1::date)
     ORDER BY city_code, credit_code`,
    [today],
  );
  const occupations = await ctx.db.query<{ code: string; name: string; sector: string }>(
    `SELECT code, name, sector FROM occupations WHERE sector IN ('manufacturing', 'digital', 'life_services') ORDER BY code`,
  );
  const keyTask: Record<string, number> = { manufacturing: 1, digital: 2, life_services: 6 };
  let made = 0;
  for (const [k, inst] of institutions.entries()) {
    const occ = occupations[(k * 7) % occupations.length];
    const start = addDays(today, 7 + ((k * 5) % 30));
    const end = addDays(start, 14);
    const { projectCode } = await createProject(
      ctx.db,
      SYSTEM_PROVINCE,
      {
        title: `${occ.name}培训班（${start.slice(5, 7)}月开班）`,
        occupationCode: occ.code,
        level: 'L4',
        kind: 'employment_skills',
        keyTask: keyTask[occ.sector] ?? 1,
        cityCode: inst.city_code,
        startDate: start,
        endDate: end,
        plannedHours: 64,
        plannedTrainees: 30,
        modules: ['安全规范', '基础理论', '实操训练'],
        price: String(1200 + (k % 5) * 300),
        institutionCode: inst.credit_code,
      },
      clock,
    );
    const staff = staffOf(inst.credit_code);
    await acceptProject(ctx.db, staff, projectCode, clock);
    const [lat, lon] = CITY_CENTRES[inst.city_code] ?? [32.06, 118.8];
    for (let d = 0; d < 4; d++) {
      const day = addDays(start, d * 4);
      await addSession(ctx.db, staff, projectCode, {
        startsAt: `${day} 09:00`,
        endsAt: `${day} 17:00`,
        siteName: `${inst.name} 实训楼`,
        siteLat: lat,
        siteLon: lon,
        teacher: ['王老师', '李老师', '张老师'][d % 3],
        mode: d % 2 ? 'practice' : 'theory',
      });
    }
    made++;
  }
  return made;
}
