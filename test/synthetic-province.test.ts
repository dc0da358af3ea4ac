import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { generateProvince } from '../src/synthetic/generate-province.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { runSettlement } from '../src/workflows/settle.ts';
import { testContext } from './support/context.ts';

describe('the synthetic province', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-gen-'));
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    await generateProvince({ scale: 'small', seed: 11, out });
    ctx = await testContext();
  });
  afterAll(async () => {
    await ctx.drop();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('is deterministic: the same seed gives the same files', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-gen-'));
    await generateProvince({ scale: 'small', seed: 11, out: again });
    for (const f of ['persons.csv', 'attendance.csv', 'applications.csv', 'labels.csv']) {
      expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
    }
    fs.rmSync(again, { recursive: true, force: true });
  });

  it('imports without a single row error (valid IDs, credit codes and references)', async () => {
    const r = await importBundle(ctx.db, out, { actor: 'test', vault: ctx.vault });
    expect(r.errors).toEqual([]);
    expect(r.files.find((f) => f.file === 'attendance.csv')!.inserted).toBeGreaterThan(10_000);
  });

  it('settlement catches the planted policy cases and the flags catch the planted rings', async () => {
    await runSettlement(ctx, { asOf: '2027-12-31', actor: 'test' });
    const labels = parse(fs.readFileSync(path.join(out, 'labels.csv')), { columns: true }) as Record<string, string>[];
    const policy = labels.filter((l) => l.case === 'policy');
    expect(policy.length).toBeGreaterThan(0);
    for (const l of policy) {
      const [d] = await ctx.db.query<{ reasons: string[]; certificate_no: string }>('SELECT reasons, certificate_no FROM decisions WHERE application_id = $1', [l.application_id]);
      if (l.code === 'CERT_ALREADY_SUBSIDIZED') {
        // Planted as a second claim on one certificate: refused when the first claim counted.
        const [first] = await ctx.db.query<{ decision: string }>('SELECT decision FROM decisions WHERE certificate_no = $1 AND application_id <> $2', [d.certificate_no, l.application_id]);
        if (first.decision === 'rejected') continue;
      }
      expect(d?.reasons, `${l.application_id} ${l.code}`).toContain(l.code);
    }
    const rings = labels.filter((l) => l.code === 'PROXY_DEVICE');
    for (const l of rings) {
      const [f] = await ctx.db.query(`SELECT 1 FROM flags WHERE code = 'PROXY_DEVICE' AND project_code = $1 AND session_no = $2 AND device_id = $3`, [l.project_code, Number(l.session_no), l.device_id]);
      expect(f, `${l.project_code}/${l.session_no}`).toBeTruthy();
    }
  });
});
