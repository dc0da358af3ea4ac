import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR, SYSTEM_PROVINCE } from '../kernel/auth.ts';
import { createUser, type NewUser } from '../modules/accounts/index.ts';
import { importBundle } from '../modules/interchange/index.ts';
import {
  addGigStation,
  addSite,
  evaluatorsFromCertificates,
  type NewGigStation,
  type NewSite,
} from '../modules/training/index.ts';
import { setInstitutionCapacity } from '../modules/registry/index.ts';
import { runDetectors } from '../modules/integrity/index.ts';
import { scaleTargets } from '../modules/reporting/index.ts';
import { generateProvince } from '../synthetic/generate-province.ts';
import { runSettlement } from '../workflows/settle.ts';
import type { AppContext } from './context.ts';
import { loadDemoBudgets } from './demo-budgets.ts';
import { loadDemoClasses } from './demo-classes.ts';
import { loadDemoField } from './demo-field.ts';
import { loadDemoPublications } from './demo-publications.ts';
import { loadDemoInstitutionLearning, loadDemoLearning } from './demo-learning.ts';
import { loadDemoHolder } from './demo-holders.ts';

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
    // A department that owns directories (plan 六) and publishes them itself; no sector of its own.
    {
      username: 'jiuye',
      displayName: '省人社厅就业促进处',
      role: 'department_officer',
      directories: ['internship_units', 'hr_service_agencies'],
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

/** Demo 零工驿站 the cities registered, listed in 便民服务圈 beside the institutions' sites (labelled 演示). */
export const DEMO_GIG_STATIONS: NewGigStation[] = [
  {
    cityCode: '320100',
    name: '鼓楼区湖南路街道零工驿站',
    address: '南京市鼓楼区（演示）',
    lat: 32.066,
    lon: 118.778,
    occupations: ['JS-0019', 'JS-0013'],
  },
  {
    cityCode: '320100',
    name: '秦淮区夫子庙零工驿站',
    address: '南京市秦淮区（演示）',
    lat: 32.021,
    lon: 118.789,
    occupations: ['JS-0016', 'JS-0019'],
  },
  {
    cityCode: '320500',
    name: '姑苏区平江街道零工驿站',
    address: '苏州市姑苏区（演示）',
    lat: 31.318,
    lon: 120.628,
    occupations: ['JS-0013'],
  },
];

/**
 * 在训容量 the demo's Nanjing training institutions declare, so the dispatch form's ranking shows free
 * places beside stars, credit and distance (the rest stay undeclared, as most would on day one).
 */
export const DEMO_CAPACITIES: [creditCode: string, capacity: number][] = [
  ['12320100914177769G', 240],
  ['12320100706690744C', 120],
  ['91320100150008067G', 20],
];

/**
 * The demo province is Jiangsu at 1/1000: the plan's targets times DEMO_FRACTION, and a generated
 * province (scale `demo`: 100 classes of 25) whose classes lean to the south, so that on the
 * target board some cities are ahead of pace, some on it and some behind.
 */
export const DEMO_FRACTION = 0.001;
export const DEMO_SEED = 2025;
export const DEMO_CITY_TILT: Record<string, number> = {
  '320500': 1.6, // 苏州
  '320200': 1.5, // 无锡
  '320400': 1.4, // 常州
  '320100': 1.2, // 南京
  '321100': 1.1, // 镇江
  '320600': 1.0, // 南通
  '321000': 0.9, // 扬州
  '321200': 0.8, // 泰州
  '320900': 0.7, // 盐城
  '320300': 0.6, // 徐州
  '320800': 0.5, // 淮安
  '320700': 0.45, // 连云港
  '321300': 0.4, // 宿迁
};

export interface DemoOptions {
  /** `province` (what `serve --demo` loads): the example plus the generated province and scaled targets; `example` (default, tests): the example only. */
  scale?: 'province' | 'example';
}

/**
 * Loads the demo province — the worked example bundle (the demo accounts' own records), then,
 * when `scale` is `province`, the generated 1/1000 province with its targets scaled — settles it
 * and creates the demo accounts. Does nothing when accounts already exist, so restarting keeps the
 * data as users left it.
 */
export async function loadDemo(
  ctx: AppContext,
  log: (s: string) => void = () => {},
  opts: DemoOptions = {},
): Promise<boolean> {
  const [{ n }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if (n > 0) return false;
  const started = Date.now();
  const step = (zh: string, en: string) =>
    log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${zh} / ${en}`);
  step('载入示例数据包', 'loading the worked example bundle');
  await importBundle(ctx.db, DEMO_BUNDLE, { actor: SYSTEM_ACTOR, vault: ctx.vault });
  if (opts.scale === 'province') await loadGeneratedProvince(ctx, step);
  // The bundle's projects name no evaluator: each takes the one that issued its certificates
  // (P000001 → pingjia, 南京市第40职业技术学院), which may then assess that class and no other.
  await evaluatorsFromCertificates(ctx.db, SYSTEM_ACTOR);
  step('结算补贴申请', 'settling the applications');
  await runSettlement(ctx, { asOf: '2026-12-31', actor: SYSTEM_ACTOR });
  if (opts.scale === 'province') {
    // The generated province carries planted fraud: the integrity page opens with cases to work.
    step('运行交互比对', 'running the integrity detectors');
    await runDetectors(ctx.db);
    step('设定各市预算', "setting the cities' budgets");
    await loadDemoBudgets(ctx);
  }
  await loadDemoPublications(ctx);
  await loadDemoLearning(ctx);
  // Only in what people open (`serve --demo`, screenshots): the class enrols the demo worker for the
  // coming weeks, and the tests' example-scale demo relies on him being free to enrol.
  if (opts.scale === 'province') await loadDemoInstitutionLearning(ctx);
  for (const site of DEMO_SITES) await addSite(ctx.db, SYSTEM_PROVINCE, site);
  for (const station of DEMO_GIG_STATIONS) await addGigStation(ctx.db, SYSTEM_PROVINCE, station);
  for (const [code, capacity] of DEMO_CAPACITIES) await setInstitutionCapacity(ctx.db, SYSTEM_PROVINCE, code, capacity);
  if (opts.scale === 'province') {
    step('安排近期开班（找培训）', 'scheduling upcoming classes (course catalog)');
    await loadDemoClasses(ctx);
    step('技能活动与专项计划', 'skills activities and programme tags');
    await loadDemoField(ctx);
  }
  for (const u of demoUsers(ctx)) await createUser(ctx.db, SYSTEM_ACTOR, u);
  await loadDemoHolder(ctx, DEMO_PASSWORD);
  step('演示省份就绪', 'the demo province is ready');
  return true;
}

/** Generates the 1/1000 province into a temporary folder, imports it like any bundle, and scales the targets to match. */
async function loadGeneratedProvince(ctx: AppContext, step: (zh: string, en: string) => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-demo-'));
  try {
    step(
      `生成演示省份（江苏的 ${DEMO_FRACTION * 1000}‰）`,
      `generating the demo province (${DEMO_FRACTION * 100} % of Jiangsu)`,
    );
    await generateProvince({ scale: 'demo', seed: DEMO_SEED, out: dir, cityTilt: DEMO_CITY_TILT });
    step('导入演示省份', 'importing the demo province');
    await importBundle(ctx.db, dir, { actor: SYSTEM_ACTOR, vault: ctx.vault });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await scaleTargets(ctx.db, DEMO_FRACTION);
}
