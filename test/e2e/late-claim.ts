import { expect } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { idCheckChar } from '../../src/kernel/identity.ts';

const DIGITS = '零一二三四五六七八九';

/** Polls `read` until it returns `want` (for set-up in beforeAll, where expect.poll is not allowed). */
export async function until<T>(read: () => Promise<T>, want: T, what: string, seconds = 90): Promise<void> {
  let last: T | undefined;
  for (let i = 0; i < seconds * 2; i++) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: still ${String(last)} after ${seconds} s`);
}

/** A Nanjing worker with a rejected claim to appeal, as the appeal browser tests set it up. */
export interface LateClaim {
  province: APIRequestContext;
  /** The worker's own API session. */
  me: APIRequestContext;
  idNumber: string;
  name: string;
  certificateNo: string;
  /** The claim's number: how the worker's appealable list and the officer's table name it. */
  applicationId: string;
  username: string;
  password: string;
  /** The worker signed in on a page of this width (844 px high on a phone, 900 otherwise). */
  signedInPage(width: number): Promise<Page>;
}

/**
 * A skill-upgrade claim filed 14 months after the certificate (LATE_APPLICATION, a reason a city may
 * overrule on appeal), settled and rejected, with the worker's account — all through the API as the
 * province: the person, certificate and claim as one import, the account, 立即结算. `tag` keeps two
 * tests' workers apart (name prefix, ID birth month, record prefixes).
 */
export async function lateClaim(
  browser: Browser,
  base: string,
  tag: { namePrefix: string; birthMonth: string; recordPrefix: string; username: string; password: string },
): Promise<LateClaim> {
  const stamp = String(Date.now()).slice(-6);
  const first17 = `3201021988${tag.birthMonth}${10 + (Number(stamp[0]) % 18)}${stamp.slice(1, 4)}`;
  const idNumber = first17 + idCheckChar(first17);
  const name = `${tag.namePrefix}${[...stamp.slice(-3)].map((d) => DIGITS[Number(d)]).join('')}`;
  const certificateNo = `${tag.recordPrefix}E2E${stamp}`;
  const applicationId = `${tag.recordPrefix}${stamp}`;
  const username = `${tag.username}-${stamp}`;
  const { password } = tag;

  const province = (await browser.newContext()).request;
  expect(
    (await province.post(`${base}/api/auth/login`, { data: { username: 'province', password: 'Jineng@2025' } })).ok(),
  ).toBe(true);
  const files = {
    'persons.csv': `id_number,name,phone,city_code,groups,insured_months,insured_as_of\n${idNumber},${name},,320100,G2,30,2026-06-30\n`,
    'certificates.csv': `certificate_no,id_number,occupation_code,kind,level,issued_on,evaluator_credit_code,project_code\n${certificateNo},${idNumber},6-18-02-04,skill_level,L4,2025-01-10,523201001953640571,\n`,
    'applications.csv': `application_id,id_number,type,certificate_no,project_code,applied_on\n${applicationId},${idNumber},skill_upgrade,${certificateNo},,2026-03-02\n`,
  };
  const started = await province.post(`${base}/api/imports`, {
    multipart: Object.fromEntries(
      Object.entries(files).map(([file, text], i) => [
        `files${i ? i : ''}`,
        { name: file, mimeType: 'text/csv', buffer: Buffer.from(text) },
      ]),
    ),
  });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = await started.json();
  await until(async () => (await (await province.get(`${base}/api/imports/${runId}`)).json()).status, 'done', 'import');
  const created = await province.post(`${base}/api/users`, {
    data: { username, displayName: name, role: 'worker', idNumber, password },
  });
  expect(created.status(), await created.text()).toBe(201);
  const me = (await browser.newContext()).request;
  expect((await me.post(`${base}/api/auth/login`, { data: { username, password } })).ok()).toBe(true);
  const settled = await province.post(`${base}/api/operations/settle`, { data: {} });
  expect([202, 409]).toContain(settled.status()); // 409: a settlement already running decides it too
  await until(() => decisionOf(base, me, certificateNo), 'rejected', 'settlement of the claim');

  const signedInPage = async (width: number) => {
    const page = await (await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 } })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('scope').waitFor();
    return page;
  };
  return { province, me, idNumber, name, certificateNo, applicationId, username, password, signedInPage };
}

/** The worker's own decision on the claim of this certificate (null until settled). */
export async function decisionOf(base: string, me: APIRequestContext, certificateNo: string): Promise<string | null> {
  const rows = (await (await me.get(`${base}/api/me/applications`)).json()) as {
    certificate_no: string;
    decision: string | null;
  }[];
  return rows.find((r) => r.certificate_no === certificateNo)?.decision ?? null;
}
