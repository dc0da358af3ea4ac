import fs from 'node:fs';
import { Command } from 'commander';
import { openContext, type AppContext } from '../composition/context.ts';
import { loadDemo } from '../composition/demo.ts';
import { DatabaseLockedError } from '../db/client.ts';
import { ConfigError, loadConfig } from '../kernel/config.ts';
import { isValidDate } from '../kernel/dates.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import {
  errorReportCsv,
  EXPORTS,
  FILE_ENCODINGS,
  importBundle,
  writeExport,
  type ExportName,
  type FileEncoding,
  importErrorsAfter,
} from '../modules/interchange/index.ts';
import { refreshKpiRollup } from '../modules/reporting/index.ts';
import { runSettlement } from '../workflows/settle.ts';
import {
  applyBankReturn,
  createPaymentBatches,
  exportBankFile,
  ledgerBalances,
  ledgerReport,
  listReceivables,
  recordRecovery,
} from '../modules/subsidy/index.ts';
import { displayYuan, parseYuan } from '../kernel/money.ts';
import { detectBaselineFlags, runDetectors } from '../modules/integrity/index.ts';
import { progressBar } from './progress.ts';
import { readPassword } from './read-password.ts';
import { actorOfUser, createAccount, type AccountRequest } from '../modules/accounts/index.ts';
import { ROLES, SYSTEM_PROVINCE, type Role } from '../kernel/auth.ts';
import { AppError } from '../kernel/errors.ts';

/** `jineng`: the platform's command line (interchange.md § Commands, and admin tasks). */
const program = new Command('jineng')
  .description(
    '技能 Jineng — 江苏省职业技能提升培训平台命令行 / the platform command line.\n数据库：默认内嵌 (JINENG_DATA_DIR，默认 ./.data)，设置 DATABASE_URL 则使用 PostgreSQL。',
  )
  .showHelpAfterError();

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

const actor = `cli:${process.env.USER ?? 'operator'}`;

program
  .command('serve')
  .description('启动 API 服务器与网页 / start the API server and the web app')
  .option('--port <port>', '端口 / port (default PORT or 3000)')
  .option('--demo', '首次启动时载入演示省份与演示账号 / load the demo province and accounts on first start')
  .action(async (o: { port?: string; demo?: boolean }) => {
    const { startServer } = await import('../composition/server.ts');
    await startServer({ port: o.port ? Number(o.port) : undefined, demo: !!o.demo });
  });

program
  .command('worker')
  .description(
    '运行定时任务与排队任务（导入、检测、月报）的工作进程（仅 PostgreSQL；可多开）/ run a worker for scheduled and queued jobs (imports, detection, monthly reports; PostgreSQL only; run as many as you like)',
  )
  .action(async () => {
    const { openContext } = await import('../composition/context.ts');
    const { jobRunner } = await import('../workflows/jobs.ts');
    const { queuedJobHandlers } = await import('../workflows/work.ts');
    const ctx = await openContext();
    if (ctx.db.kind !== 'postgres') {
      await ctx.db.close();
      throw new Error(
        '内嵌数据库的定时任务在服务器进程内运行，无需单独的工作进程 / with the embedded database, jobs run inside the server; set DATABASE_URL to run workers',
      );
    }
    const runner = jobRunner(ctx);
    await runner.start();
    // Uploaded imports run in a child with the CLI's heap cap (docs/operations.md § Memory).
    const { cappedImportRunner } = await import('./capped-import.ts');
    ctx.queue.handle(queuedJobHandlers(ctx, { importRunner: cappedImportRunner() }));
    await ctx.queue.start();
    console.log(`工作进程已启动 / worker running (${runner.kind}); Ctrl+C 停止 / to stop`);
    const stop = async () => {
      await runner.stop();
      await ctx.queue.stop();
      await ctx.db.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('import-job', { hidden: true })
  .description(
    '由工作进程启动：在限定堆内存的子进程中执行一个上传导入 / run by a worker: one uploaded import, in a heap-capped child',
  )
  .action(async () => {
    const { runImportChild } = await import('./capped-import.ts');
    await runImportChild(() => openContext());
    process.exit(process.exitCode ?? 0);
  });

program
  .command('migrate')
  .description('执行数据库迁移并载入参考目录 / apply migrations and seed reference catalogs')
  .action(() => withContext(async () => console.log('数据库已是最新 / database is up to date')));

program
  .command('import')
  .description('导入交换数据包 / import an interchange bundle (a folder of CSV/XLSX files)')
  .argument('<bundle-dir>', '数据包目录 / bundle folder')
  .option('--report <file>', '行错误报告 CSV / write the row-error report here')
  .option(
    '--encoding <name>',
    "CSV 文件编码 utf-8|gb18030（默认自动识别）/ the CSV files' encoding (default: detected)",
  )
  .option(
    '--as <username>',
    "以该账号的权限范围导入（如市级经办）/ import within this account's scope (default: the province)",
  )
  .action((dir: string, o: { report?: string; encoding?: string; as?: string }) =>
    withContext(async (ctx) => {
      // The operator acts with the province's authority unless importing on an account's behalf: then that account's policy applies.
      const importer = o.as ? await actorOfUser(ctx.db, o.as) : undefined;
      if (o.as && !importer) throw new UsageError(`账号不存在或已停用 / no such active account: ${o.as}`);
      const encoding = o.encoding?.toLowerCase().replace(/^(utf8|gbk)$/, (m) => (m === 'utf8' ? 'utf-8' : 'gb18030'));
      if (encoding && !FILE_ENCODINGS.includes(encoding as FileEncoding))
        throw new UsageError(`--encoding 应为 utf-8 或 gb18030 / --encoding must be utf-8 or gb18030: ${o.encoding}`);
      const bar = progressBar('导入 import');
      let current = '';
      const result = await importBundle(
        ctx.db,
        dir,
        {
          actor: importer ? `${actor} as ${importer.role}:${importer.username}` : actor,
          vault: ctx.vault,
          importer: importer ?? undefined,
          onProgress: (p) => {
            if (p.file !== current) {
              bar.stop();
              current = p.file;
            }
            bar.update(p.bytesDone, p.bytesTotal, `bytes ${p.file} (${p.rows} rows)`);
          },
        },
        { encoding: encoding as FileEncoding | undefined },
      );
      bar.stop();
      // Pre-roll the KPI rollups once (a bulk write): the first dashboard read after it recounts nothing.
      await refreshKpiRollup(ctx.db);
      for (const f of result.files) {
        console.log(
          `${f.file}: ${f.rows} 行 rows, 新增 inserted ${f.inserted}, 更新 updated ${f.updated}, 未变 unchanged ${f.unchanged}, 错误 errors ${f.errors}`,
        );
        for (const w of f.warnings) console.log(`  ⚠ ${w}`);
      }
      console.log(`共 ${result.errorCount} 行被拒绝 / ${result.errorCount} rows refused`);
      if (o.report) {
        const header = errorReportCsv([]);
        fs.writeFileSync(o.report, result.errors.length === result.errorCount ? errorReportCsv(result.errors) : header);
        // More errors than kept in memory: the whole report from import_errors, a page at a time ((file, line) is unique: one error per row).
        for (let after = result.errors.length < result.errorCount ? { file: '', line: 0 } : undefined; after; ) {
          const page = await importErrorsAfter(ctx.db, result.runId, after);
          if (page.length) fs.appendFileSync(o.report, errorReportCsv(page).slice(header.length));
          after = page.at(-1);
        }
        console.log(`错误报告 / report: ${o.report}`);
      }
    }),
  );

program
  .command('settle')
  .description('按政策结算补贴申请 / decide every undecided application with applied_on ≤ the date (policy.md)')
  .requiredOption('--as-of <date>', '截止日期 YYYY-MM-DD / decide applications applied on or before this date')
  .option(
    '--policy <code>',
    '只用此政策版本（默认：按申请日期适用的省级版本）/ one policy version (default: the province version in force on each application date)',
  )
  .action((o: { asOf: string; policy?: string }) =>
    withContext(async (ctx) => {
      if (!isValidDate(o.asOf))
        throw new UsageError(`--as-of 应为 YYYY-MM-DD 日期 / --as-of must be a date: ${o.asOf}`);
      const bar = progressBar('结算 settle');
      // Fault injection for the crash test: SIGKILL this process after the given batch.
      const crashAfter = process.env.JINENG_FAULT_KILL_AFTER_BATCH;
      const r = await runSettlement(ctx, {
        asOf: o.asOf,
        actor,
        policyCode: o.policy,
        batchPersons: process.env.JINENG_SETTLE_BATCH ? Number(process.env.JINENG_SETTLE_BATCH) : undefined,
        onProgress: (d, t) => bar.update(d, t, 'applications'),
        afterBatch: (n) => {
          if (crashAfter !== undefined && n === Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
        },
      });
      bar.stop();
      console.log(
        `决定 decided ${r.decided}: 通过 approved ${r.approved}, 不予补贴 rejected ${r.rejected}, 待复核 review ${r.review}; 新标记 new flags ${r.flags.proxyDevice + r.flags.impossiblePresence}`,
      );
    }),
  );

program
  .command('export')
  .description('导出标准文件 / write a standard export file')
  .argument('<name>', EXPORTS.join('|'))
  .requiredOption('--out <file>', '输出文件 / output file')
  .option('--from <date>', '起始日期 / period start (inclusive)')
  .option('--to <date>', '截止日期 / period end (inclusive)')
  .action((name: string, o: { out: string; from?: string; to?: string }) =>
    withContext(async (ctx) => {
      if (!EXPORTS.includes(name as ExportName))
        throw new UsageError(`未知导出 / unknown export: ${name} (${EXPORTS.join(', ')})`);
      for (const d of [o.from, o.to]) if (d && !isValidDate(d)) throw new UsageError(`日期无效 / not a date: ${d}`);
      const n = await writeExport(ctx.db, name as ExportName, o.out, {
        vault: ctx.vault,
        period: { from: o.from, to: o.to },
        actor,
      });
      console.log(`已写出 ${n} 行 / wrote ${n} rows to ${o.out}`);
    }),
  );

program
  .command('detect')
  .description('运行交互比对检测（基线标记与各检测器），开立疑点案件 / run the integrity detectors and open cases')
  .action(() =>
    withContext(async (ctx) => {
      const flags = await detectBaselineFlags(ctx.db);
      const cases = await runDetectors(ctx.db);
      console.log(
        `基线标记 baseline flags: PROXY_DEVICE ${flags.proxyDevice}, IMPOSSIBLE_PRESENCE ${flags.impossiblePresence}`,
      );
      for (const [k, v] of Object.entries(cases)) console.log(`${k}: ${v} 新案件 new cases`);
    }),
  );

const pay = program.command('pay').description('补贴支付（不发现金）/ subsidy payments, no cash');
pay
  .command('batches')
  .description(
    '为公示期满的已通过决定生成支付批次 / create payment batches for approvals whose notice period has ended',
  )
  .requiredOption('--as-of <date>', '支付日期 / payment date')
  .action((o: { asOf: string }) =>
    withContext(async (ctx) => {
      if (!isValidDate(o.asOf))
        throw new UsageError(`--as-of 应为 YYYY-MM-DD 日期 / --as-of must be a date: ${o.asOf}`);
      const crashAfter = process.env.JINENG_FAULT_KILL_AFTER_BATCH;
      const batches = await createPaymentBatches(ctx.db, {
        asOf: o.asOf,
        actor,
        afterBatch: (n) => {
          if (crashAfter !== undefined && n === Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
        },
      });
      for (const b of batches)
        console.log(`${b.id} ${b.cityCode} ${b.fund}: ${b.lineCount} 笔 lines, ${displayYuan(b.totalFen)}`);
      console.log(`共 ${batches.length} 个批次 / ${batches.length} batches`);
    }),
  );
pay
  .command('bank-file')
  .description('写出批次的银行代发文件（docs/payments.md）/ write a batch’s bank file')
  .argument('<batch-id>')
  .requiredOption('--out <file>', '输出文件 / output file')
  .action((id: string, o: { out: string }) =>
    withContext(async (ctx) =>
      console.log(`已写出 ${await exportBankFile(ctx.db, ctx.vault, id, o.out, actor)} 笔 / lines written to ${o.out}`),
    ),
  );
pay
  .command('return')
  .description('导入银行回盘文件：标记成功或失败 / apply a bank return file')
  .argument('<file>')
  .action((file: string) =>
    withContext(async (ctx) => {
      const r = await applyBankReturn(ctx.db, file, actor);
      console.log(
        `成功 paid ${r.paid}, 失败 failed ${r.failed}, 未变 unchanged ${r.unchanged}, 错误 errors ${r.errors.length}`,
      );
      for (const e of r.errors) console.log(`  line ${e.line} ${e.key}: ${e.reason}`);
    }),
  );
/** The operator at the terminal acts with the province's scope, under their own name in the audit log. */
const cliOperator = { ...SYSTEM_PROVINCE, username: actor, displayName: actor };
const recovery = program.command('recovery').description('追回应收 / clawback receivables (docs/payments.md)');
recovery
  .command('list')
  .description('列出追回应收与尚欠金额 / list receivables and what is still owed')
  .action(() =>
    withContext(async (ctx) => {
      for (const r of await listReceivables(ctx.db, cliOperator))
        console.log(
          `${r.applicationId} ${r.cityCode ?? ''} ${r.status} 应追回 ${displayYuan(r.amountFen)} 已追回 ${displayYuan(r.recoveredFen)} 已核销 ${displayYuan(r.writtenOffFen)} 尚欠 owed ${displayYuan(r.outstandingFen)} 期限 due ${r.dueOn ?? ''}`,
        );
    }),
  );
recovery
  .command('record')
  .description('登记追回款（银行回单号幂等）/ record money paid back, idempotent by bank receipt')
  .argument('<application-id>')
  .requiredOption('--receipt <ref>', '银行回单号 / bank receipt reference')
  .requiredOption('--amount <yuan>', '金额（元）/ amount in yuan, e.g. 750.00')
  .requiredOption('--on <date>', '到账日期 / date received')
  .action((applicationId: string, o: { receipt: string; amount: string; on: string }) =>
    withContext(async (ctx) => {
      const amountFen = parseYuan(o.amount);
      if (amountFen === null) throw new UsageError(`--amount 应为金额（元）/ --amount must be yuan: ${o.amount}`);
      const r = await recordRecovery(ctx.db, cliOperator, {
        applicationId,
        receiptRef: o.receipt,
        amountFen,
        receivedOn: o.on,
      }).catch((e) => {
        throw e instanceof AppError ? new UsageError(`${e.zh} / ${e.en} (${e.code})`) : e;
      });
      console.log(
        `${r.replayed ? '已登记过，未重复 / already recorded' : '已登记 / recorded'}: 已追回 ${displayYuan(r.recoveredFen)}, 尚欠 owed ${displayYuan(r.outstandingFen)} (${r.status})`,
      );
    }),
  );
program
  .command('ledger')
  .description('资金台账报告与平衡校验 / funds ledger report and balance check')
  .option('--year <year>')
  .action((o: { year?: string }) =>
    withContext(async (ctx) => {
      for (const l of await ledgerReport(ctx.db, { year: o.year ? Number(o.year) : null })) {
        console.log(
          `${l.cityCode} ${l.fund} ${l.year}: 预算 budget ${displayYuan(l.budgetFen)} 已承诺 committed ${displayYuan(l.committedFen)} 已支付 paid ${displayYuan(l.paidFen)} 应收 receivable ${displayYuan(l.receivableFen)} 可用 available ${displayYuan(l.availableFen)}`,
        );
      }
      const b = await ledgerBalances(ctx.db);
      console.log(
        b.ok ? '台账平衡 / ledger balances' : `台账不平衡 / LEDGER UNBALANCED: ${b.unbalancedTx} transactions`,
      );
      if (!b.ok) process.exitCode = 1;
    }),
  );

const audit = program.command('audit').description('审计日志 / audit log');
audit
  .command('verify')
  .description(
    '校验审计哈希链（HMAC 密钥、链头、每日链头），报告第一个问题 / verify the keyed hash chain, its head and daily heads; report the first problem',
  )
  .action(() =>
    withContext(async (ctx) => {
      const r = await verifyAuditChain(ctx.db);
      if (r.ok)
        console.log(
          `审计链完整 / chain intact: ${r.checked} entries${r.keyedFrom && r.keyedFrom > 1 ? ` (keyed from seq ${r.keyedFrom})` : ''}`,
        );
      else {
        console.error(`${r.finding!.message} / ${r.finding!.message_en}`);
        process.exitCode = 1;
      }
    }),
  );

const users = program.command('users').description('账号 / accounts');
users
  .command('add')
  .description(
    '新建账号（密码从终端无回显读取，或非终端时从标准输入读取首行）/ create an account (password read from the terminal without echo, or the first line of stdin)',
  )
  .requiredOption('--role <role>', ROLES.join(' | '))
  .requiredOption('--username <name>', '用户名 / username')
  .requiredOption('--name <display-name>', '显示名称 / display name')
  .option('--city <code>', '城市编码（市级人员）/ city code')
  .option('--institution <credit-code>', '机构代码（机构人员）/ institution credit code')
  .option('--enterprise <credit-code>', '企业代码（企业人员）/ enterprise credit code')
  .option('--sectors <codes>', '领域，逗号分隔（行业部门）/ sectors, comma-separated')
  .option('--key-tasks <numbers>', '重点任务编号，逗号分隔 / key tasks, comma-separated')
  .option(
    '--directories <names>',
    '本部门发布的目录，逗号分隔（行业部门：internship_units, hr_service_agencies, technical_school_enrolment）/ directories the department publishes',
  )
  .option('--holder <id>', 'N 目标承担单位编号（目标承担单位联络员）/ the target holder (holder_officer)')
  .action(
    (o: {
      role: string;
      username: string;
      name: string;
      city?: string;
      institution?: string;
      enterprise?: string;
      sectors?: string;
      keyTasks?: string;
      directories?: string;
      holder?: string;
    }) =>
      withContext(async (ctx) => {
        if (!(ROLES as readonly string[]).includes(o.role))
          throw new UsageError(`--role 应为 ${ROLES.join('|')} / --role must be one of ${ROLES.join(', ')}: ${o.role}`);
        const password = await readPassword(`新账号 ${o.username} 的密码 / password for ${o.username}: `);
        const req: AccountRequest = {
          username: o.username,
          displayName: o.name,
          password,
          role: o.role as Role,
          cityCode: o.city ?? null,
          institutionCode: o.institution ?? null,
          enterpriseCode: o.enterprise ?? null,
          sectors: o.sectors?.split(',').filter(Boolean),
          keyTasks: o.keyTasks?.split(',').filter(Boolean).map(Number),
          directories: o.directories?.split(',').filter(Boolean),
          holderId: o.holder ?? null,
        };
        try {
          const { id } = await createAccount(ctx.db, ctx.vault, actor, req, {
            production: ctx.config.env === 'production',
          });
          console.log(`账号已创建 / account created: ${o.username} (${o.role}) ${id}`);
        } catch (e) {
          if (e instanceof AppError) throw new UsageError(`${e.zh} / ${e.en} (${e.code})`);
          throw e;
        }
      }),
  );

const demo = program.command('demo').description('演示数据 / demo data');
demo
  .command('generate')
  .description(
    '生成确定性的合成省份数据包（含标注的欺诈与政策案例 labels.csv）/ generate a deterministic synthetic province bundle',
  )
  .option('--scale <scale>', 'demo | small | city | province', 'small')
  .option('--seed <n>', '随机种子 / seed', '1')
  .requiredOption('--out <dir>', '输出目录 / output folder')
  .action(async (o: { scale: string; seed: string; out: string }) => {
    const { generateProvince, SCALES } = await import('../synthetic/generate-province.ts');
    if (!(o.scale in SCALES))
      throw new UsageError(
        `--scale 应为 demo|small|city|province / --scale must be demo, small, city or province: ${o.scale}`,
      );
    if (!/^\d+$/.test(o.seed)) throw new UsageError(`--seed 应为非负整数 / --seed must be a whole number: ${o.seed}`);
    const bar = progressBar('生成 generate');
    const r = await generateProvince({
      scale: o.scale as keyof typeof SCALES,
      seed: Number(o.seed),
      out: o.out,
      onProgress: (d, t) => bar.update(d, t, 'projects'),
    });
    bar.stop();
    for (const [k, v] of Object.entries(r.counts)) console.log(`${k}: ${v}`);
  });
demo
  .command('load')
  .description('载入演示省份与演示账号（已有账号时不做任何事）/ load the demo province and accounts')
  .action(() =>
    withContext(async (ctx) =>
      console.log(
        (await loadDemo(ctx, console.log, { scale: ctx.config.demoScale }))
          ? '演示数据已载入 / demo loaded'
          : '已有数据，未改动 / data present, nothing changed',
      ),
    ),
  );

class UsageError extends Error {}

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof DatabaseLockedError || e instanceof ConfigError || e instanceof UsageError) {
    console.error((e as Error).message);
    process.exit(2);
  }
  console.error(`失败 / failed: ${(e as Error)?.message ?? e}`);
  process.exit(1);
});
