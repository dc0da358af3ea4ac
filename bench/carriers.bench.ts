/**
 * The carrier register's upload (docs/programmes.md § Uploading the register) at a province's size:
 * N carriers with M member enterprises each. Baseline, same run: registering N other carriers one at
 * a time through `registerCarrier` (what the page's form does). Then the file uploaded once
 * (created), again (unchanged: nothing written), and with a tenth of the carriers' members changed.
 *
 *   DATABASE_URL=… npx tsx bench/carriers.bench.ts 500 10     (without DATABASE_URL: PGlite in memory)
 */
import { openContext } from '../src/composition/context.ts';
import { SYSTEM_PROVINCE } from '../src/kernel/auth.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { creditCheckChar } from '../src/kernel/identity.ts';
import { CARRIER_KINDS, registerCarrier, uploadCarriers } from '../src/modules/programmes/index.ts';
import { freshDatabase, machine, record } from './support.ts';

const n = Number(process.argv[2] ?? 500);
const m = Number(process.argv[3] ?? 10);
const base = process.env.DATABASE_URL;
const suffix = process.env.JINENG_BENCH_SUFFIX ?? '';
const url = base ? await freshDatabase(base, `jineng_bench_carriers${suffix}`) : undefined;
const ctx = await openContext(
  loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }),
  url ? {} : { memory: true },
);
const catalog = await ctx.db.query<{ code: string; name: string }>(
  'SELECT code, name FROM catalog.cities ORDER BY code',
);
const cities = catalog.map((c) => c.name);
const code = (i: number, j: number) => {
  const first = `9132${String(i).padStart(6, '0')}MA${String(j).padStart(5, '0')}`.slice(0, 17);
  return first + creditCheckChar(first);
};
/** Half the members with their credit code, half by name only. */
const members = (i: number, changed: boolean) =>
  Array.from({ length: m }, (_, j) =>
    j % 2 ? `成员企业${i}-${j}${changed ? '新' : ''}` : `成员企业${i}-${j}(${code(i, j)})`,
  ).join('；');
const file = (changedEvery: number) =>
  Buffer.from(
    [
      '载体名称,载体类型,设区市,依托/牵头单位,成员企业',
      ...Array.from(
        { length: n },
        (_, i) =>
          `载体${i},${CARRIER_KINDS[i % CARRIER_KINDS.length]},${cities[i % cities.length]},依托单位${i},"${members(i, changedEvery > 0 && i % changedEvery === 0)}"`,
      ),
    ].join('\r\n'),
  );

const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
};

const [formMs] = await time(async () => {
  for (let i = 0; i < n; i++)
    await registerCarrier(ctx.db, SYSTEM_PROVINCE, {
      kind: CARRIER_KINDS[i % CARRIER_KINDS.length]!,
      name: `表单载体${i}`,
      cityCode: catalog[i % catalog.length]!.code,
      owner: `依托单位${i}`,
      members: Array.from({ length: m }, (_, j) => ({ enterpriseName: `成员企业${i}-${j}` })),
    });
});
const [firstMs, first] = await time(() => uploadCarriers(ctx.db, SYSTEM_PROVINCE, 'bench.csv', file(0)));
const [rerunMs, rerun] = await time(() => uploadCarriers(ctx.db, SYSTEM_PROVINCE, 'bench.csv', file(0)));
const [changeMs, change] = await time(() => uploadCarriers(ctx.db, SYSTEM_PROVINCE, 'bench.csv', file(10)));
const engine = url ? 'PostgreSQL' : 'PGlite';
record(
  `carriers ${engine} ${n}×${m}: form one by one ${(formMs / 1000).toFixed(2)} s (baseline); ` +
    `upload ${(firstMs / 1000).toFixed(2)} s (created ${first.created}, ratio ${(firstMs / formMs).toFixed(3)}); ` +
    `rerun ${(rerunMs / 1000).toFixed(2)} s (unchanged ${rerun.unchanged}, ratio ${(rerunMs / formMs).toFixed(3)}); ` +
    `a tenth changed ${(changeMs / 1000).toFixed(2)} s (updated ${change.updated}, ratio ${(changeMs / formMs).toFixed(3)}); ${machine()}`,
);
await ctx.db.close();
