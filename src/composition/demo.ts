import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR, SYSTEM_PROVINCE } from '../kernel/auth.ts';
import { createUser, type NewUser } from '../modules/accounts/index.ts';
import { importBundle } from '../modules/interchange/index.ts';
import { addSite, evaluatorsFromCertificates, type NewSite } from '../modules/training/index.ts';
import { runSettlement } from '../workflows/settle.ts';
import type { AppContext } from './context.ts';
import { loadDemoPublications } from './demo-publications.ts';

export const DEMO_BUNDLE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../demo/small/bundle');
export const DEMO_PASSWORD = 'Jineng@2025';

/** Demo accounts, one per role (README lists them). */
export function demoUsers(ctx: AppContext): NewUser[] {
  const worker = ctx.vault.blindIndex('320311199409187319');
  return [
    { username: 'province', displayName: '省人社厅管理员', role: 'province_admin' },
    { username: 'nanjing', displayName: '南京市人社局经办员', role: 'city_officer', cityCode: '320100' },
    { username: 'wuxi', displayName: '无锡市人社局经办员', role: 'city_officer', cityCode: '320200' },
    {
      username: 'gongxin',
      displayName: '省工信厅联络员',
      role: 'department_officer',
      sectors: ['manufacturing'],
      keyTasks: [1],
    },
    {
      username: 'jigou',
      displayName: '南京市第1职业技术学院',
      role: 'institution_staff',
      institutionCode: '12320100914177769G',
    },
    {
      username: 'pingjia',
      displayName: '南京市第40职业技术学院（评价）',
      role: 'institution_staff',
      institutionCode: '523201001953640571',
    },
    {
      username: 'qiye',
      displayName: '南京物流1有限公司',
      role: 'enterprise_staff',
      enterpriseCode: '913201001736662571',
    },
    { username: 'xielei', displayName: '谢磊', role: 'worker', personKey: worker },
  ].map((u) => ({ ...u, password: DEMO_PASSWORD }) as NewUser);
}

/** The demo institution's registered training sites (jigou: its campus, where its demo classes met, and a workshop). */
export const DEMO_SITES: NewSite[] = [
  {
    institutionCode: '12320100914177769G',
    name: '本部实训楼',
    address: '南京市玄武区（演示）',
    lat: 32.103338,
    lon: 118.818079,
  },
  {
    institutionCode: '12320100914177769G',
    name: '江宁焊接实训基地',
    address: '南京市江宁区（演示）',
    lat: 31.953418,
    lon: 118.839714,
  },
];

/**
 * Loads the demo province (the worked example bundle), settles it and creates the demo accounts.
 * Does nothing when accounts already exist, so restarting keeps the data as users left it.
 */
export async function loadDemo(ctx: AppContext, log: (s: string) => void = () => {}): Promise<boolean> {
  const [{ n }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if (n > 0) return false;
  log('载入演示省份数据 / loading the demo province …');
  await importBundle(ctx.db, DEMO_BUNDLE, { actor: SYSTEM_ACTOR, vault: ctx.vault });
  // The bundle's projects name no evaluator: each takes the one that issued its certificates
  // (P000001 → pingjia, 南京市第40职业技术学院), which may then assess that class and no other.
  await evaluatorsFromCertificates(ctx.db, SYSTEM_ACTOR);
  await runSettlement(ctx, { asOf: '2026-12-31', actor: SYSTEM_ACTOR });
  await loadDemoPublications(ctx);
  for (const site of DEMO_SITES) await addSite(ctx.db, SYSTEM_PROVINCE, site);
  for (const u of demoUsers(ctx)) await createUser(ctx.db, SYSTEM_ACTOR, u);
  return true;
}
