/**
 * Screenshots of the console's main pages for each demo role, at desktop (1280) and phone (390)
 * width, into docs/screenshots/ with an index, so a reviewer sees the console without running it.
 * `npm run screenshots` builds the web app, starts a demo server on a fresh embedded database,
 * takes the pictures and stops it. Rerun when pages change.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs/screenshots');
const PORT = 3980 + Math.floor(Math.random() * 9);
const BASE = `http://127.0.0.1:${PORT}`;

/** Who sees what: the pages that make each role's day. `null` user = not signed in. */
const SHOTS: { user: string | null; role: string; pages: [path: string, title: string][] }[] = [
  {
    user: 'province',
    role: '省级管理员',
    pages: [
      ['/', '首页（待办）'],
      ['/dashboard', '目标看板'],
      ['/targets', '目标分解'],
      ['/programmes', '专项计划与载体'],
      ['/decisions', '补贴决定'],
      ['/integrity', '交互比对'],
      ['/payments', '支付与台账'],
      ['/policy', '补贴政策'],
      ['/budgets', '预算'],
      ['/colleges', '院校工作量'],
      ['/edufunds', '职工教育经费'],
      ['/selection', '机构遴选'],
      ['/reports', '月报'],
      ['/accounts', '账号管理'],
      ['/catalog-admin', '目录管理'],
      ['/appeals', '申诉处理'],
      ['/notices', '消息'],
    ],
  },
  {
    user: 'nanjing',
    role: '市级经办（南京）',
    pages: [
      ['/', '首页（待办）'],
      ['/projects', '培训项目'],
      ['/demand', '培训需求'],
      ['/reviews', '待复核'],
      ['/policy', '补贴政策（本市系数）'],
      ['/persons', '实名人员'],
      ['/persons?tab=pending', '待审核注册'],
      ['/activities', '技能活动'],
      ['/competitions', '技能竞赛'],
      ['/labour-market', '劳动力市场'],
    ],
  },
  {
    user: 'hangxie',
    role: '目标承担单位联络员（机械行业协会）',
    pages: [
      ['/', '首页（待办）'],
      ['/my-targets', '本单位目标进度'],
    ],
  },
  {
    user: 'gongxin',
    role: '行业部门',
    pages: [
      ['/', '首页（待办）'],
      ['/dashboard', '目标看板'],
      ['/edufunds', '职工教育经费（本领域企业）'],
      ['/programmes', '专项计划与载体'],
    ],
  },
  { user: 'jiuye', role: '行业部门（发布本部门目录）', pages: [['/directories', '目录发布']] },
  {
    user: 'jigou',
    role: '培训机构',
    pages: [
      ['/', '首页（待办）'],
      ['/projects', '培训项目'],
      ['@project', '项目详情'],
      ['/colleges', '院校工作量（本校）'],
      ['/learning-courses', '在线课程（学员进度）'],
    ],
  },
  { user: 'pingjia', role: '评价机构', pages: [['/assessments', '考核发证']] },
  {
    user: 'qiye',
    role: '企业',
    pages: [
      ['/orders', '用工订单'],
      ['/edufunds', '职工教育经费'],
    ],
  },
  {
    user: 'xielei',
    role: '劳动者',
    pages: [
      ['/', '首页'],
      ['/training', '我的培训'],
      ['/me', '我的补贴'],
      ['/profile', '我的档案'],
      ['/courses', '找培训'],
      ['/my-appeals', '我的申诉'],
      ['/learning', '在线学习'],
      ['/notices', '消息'],
      ['/mine', '我的'],
    ],
  },
  {
    user: null,
    role: '公众',
    pages: [
      ['/verify', '证书查验'],
      ['/institutions', '机构目录'],
      ['/catalogs', '公开目录'],
      ['/courses', '找培训'],
      ['/service-points', '便民服务圈'],
      ['/activities', '技能活动'],
      ['/public/notices', '补贴公示'],
      ['/public/selection', '遴选公示'],
      ['/selection/apply', '遴选申请'],
      ['/register', '自助注册'],
      ['/login', '登录'],
    ],
  },
];
const WIDTHS = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;

/**
 * Pictures a browser test takes of a state the demo does not hold (copied here from its /tmp folder
 * after a run): kept when this script reruns, and listed in the index with the others.
 */
const FROM_E2E: { role: string; title: string; desktop: string; phone: string; test: string }[] = [
  {
    role: '培训机构',
    title: '申诉处理（学时申诉：由市里处理的提示）',
    desktop: 'jigou-appeals-desktop.png',
    phone: 'jigou-appeals-phone.png',
    test: 'test/e2e/learning-appeal.test.ts → /tmp/shots-learnappeal',
  },
];

async function waitUntilUp(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the demo server did not start');
}

async function signIn(page: Page, user: string) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill('Jineng@2025');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.getByTestId('scope').waitFor();
}

/** The first project in the caller's list: its detail page. */
async function firstProject(page: Page): Promise<string> {
  const list = await page.evaluate(async () => (await fetch('/api/projects')).json());
  const items = Array.isArray(list) ? list : list.items;
  return `/projects/${items[0].project_code}`;
}

async function main() {
  console.log('构建网页 / building the web app …');
  await run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error']);
  // Always the embedded database: the pictures are of the demo province, whatever DATABASE_URL says.
  const { DATABASE_URL: _, ...env } = process.env;
  const server = spawn(process.execPath, ['bin/jineng.js', 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: 'test',
      PORT: String(PORT),
      JINENG_LOG_LEVEL: 'warn',
      JINENG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-shots-')),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    await waitUntilUp();
    const keep = new Set(FROM_E2E.flatMap((f) => [f.desktop, f.phone]));
    fs.mkdirSync(OUT, { recursive: true });
    for (const f of fs.readdirSync(OUT))
      if (!keep.has(f)) fs.rmSync(path.join(OUT, f), { recursive: true, force: true });
    const index: string[] = [
      '# 控制台截图 / Console screenshots',
      '',
      '由 `npm run screenshots` 生成（演示省份，桌面 1280 px 与手机 390 px）。页面改动后重新运行。',
      'Made by `npm run screenshots` (demo province, desktop 1280 px and phone 390 px); rerun when pages change.',
      '',
      '| 角色 role | 页面 page | 桌面 desktop | 手机 phone |',
      '|---|---|---|---|',
    ];
    for (const { user, role, pages } of SHOTS) {
      const files: Record<string, string[]> = {};
      for (const [size, viewport] of Object.entries(WIDTHS)) {
        const page = await browser.newPage({ viewport });
        if (user) await signIn(page, user);
        for (const [where, title] of pages) {
          const url = where === '@project' ? await firstProject(page) : where;
          await page.goto(`${BASE}${url}`);
          await page.waitForLoadState('networkidle');
          await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, {
            timeout: 15_000,
          });
          const name = `${user ?? 'public'}-${(where === '@project' ? 'project' : where.replace(/^\//, '').replace(/\W+/g, '-')) || 'home'}-${size}.png`;
          await page.screenshot({ path: path.join(OUT, name) });
          files[title] = [...(files[title] ?? []), name];
          process.stdout.write('.');
        }
        await page.close();
      }
      for (const [title, [desktop, phone]] of Object.entries(files))
        index.push(`| ${role} | ${title} | ![](${desktop}) | ![](${phone}) |`);
    }
    for (const f of FROM_E2E)
      if (fs.existsSync(path.join(OUT, f.desktop)))
        index.push(`| ${f.role} | ${f.title} (${f.test}) | ![](${f.desktop}) | ![](${f.phone}) |`);
    fs.writeFileSync(path.join(OUT, 'README.md'), `${index.join('\n')}\n`);
    console.log(`\n${fs.readdirSync(OUT).length - 1} 张截图 / screenshots → docs/screenshots/`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' }).on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`)),
    ),
  );
}

await main();
