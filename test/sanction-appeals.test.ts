import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const JIGOU = '12320100914177769G';
const PDF = Buffer.from('%PDF-1.4\n%整改报告\n');

function multipart(statement: string, file?: { name: string; content: Buffer }) {
  const boundary = '----jinengsanction';
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="statement"\r\n\r\n${statement}\r\n`),
  ];
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** 申辩/复核 (issue 19): an institution contests a sanction; the province lets it stand or lifts it. */
describe('sanction appeals', () => {
  let d: DemoApp;
  let suspension: string;
  let warning: string;
  const STATEMENT = '所涉学员均实际参训，考勤异常系终端故障所致，附维修记录。';
  const appeal = (user: string, sanctionId: string, statement: string, file?: { name: string; content: Buffer }) =>
    d.app.inject({
      method: 'POST',
      url: `/api/sanctions/${sanctionId}/appeal`,
      ...multipart(statement, file),
      headers: { ...multipart(statement, file).headers, authorization: `Bearer ${d.token(user)}` },
    });

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'pingjia']);
    const s = await d.call('province', 'POST', `/api/institutions/${JIGOU}/sanction`, {
      sanction: 'suspension',
      reason: '考勤数据异常',
      evidence: '核查报告',
      untilOn: null,
    });
    expect(s.statusCode, s.body).toBe(200);
    suspension = s.json().id;
    warning = (
      await d.call('province', 'POST', `/api/institutions/${JIGOU}/sanction`, {
        sanction: 'warning',
        reason: '台账不全',
      })
    ).json().id;
  });
  afterAll(() => d?.close());

  it('the institution appeals its sanction with a statement and an attachment; only one open appeal per sanction', async () => {
    const short = await appeal('jigou', suspension, '不服');
    expect(short.json()).toMatchObject({ code: 'BAD_STATEMENT', details: { field: 'statement' } });
    const other = await appeal('pingjia', suspension, STATEMENT);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
    const filed = await appeal('jigou', suspension, STATEMENT, { name: '维修记录.pdf', content: PDF });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ status: 'open', attachment: { fileName: '维修记录.pdf' } });
    const again = await appeal('jigou', suspension, STATEMENT);
    expect(again.json().code).toBe('APPEAL_OPEN');
    const id = filed.json().id;
    expect((await d.call('jigou', 'GET', `/api/sanction-appeals/${id}/attachment`)).statusCode).toBe(200);
    expect((await d.call('pingjia', 'GET', `/api/sanction-appeals/${id}/attachment`)).statusCode).toBe(404);
    expect((await d.call('wuxi', 'GET', `/api/sanction-appeals/${id}/attachment`)).statusCode).toBe(404);
    expect((await d.call('nanjing', 'GET', '/api/sanction-appeals')).json().map((a: { id: string }) => a.id)).toContain(
      id,
    );
    expect((await d.call('wuxi', 'GET', '/api/sanction-appeals')).json()).toEqual([]);
    expect((await d.call('pingjia', 'GET', '/api/sanction-appeals')).json()).toEqual([]);
  });

  it('the province lifts the sanction on appeal (audited); the suspension no longer binds', async () => {
    const [a] = (await d.call('province', 'GET', '/api/sanction-appeals')).json();
    expect(
      (
        await d.call('nanjing', 'POST', `/api/sanction-appeals/${a.id}/decide`, {
          outcome: 'lifted',
          answer: '申辩成立，予以撤销',
        })
      ).statusCode,
    ).toBe(403);
    const noAnswer = await d.call('province', 'POST', `/api/sanction-appeals/${a.id}/decide`, {
      outcome: 'lifted',
      answer: '行',
    });
    expect(noAnswer.json().code).toBe('ANSWER_REQUIRED');
    const ok = await d.call('province', 'POST', `/api/sanction-appeals/${a.id}/decide`, {
      outcome: 'lifted',
      answer: '经复核终端确有故障，撤销暂停。',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const s = (await d.call('jigou', 'GET', '/api/sanctions')).json().find((x: { id: string }) => x.id === suspension);
    expect(s.liftedAt).not.toBeNull();
    const mine = (await d.call('jigou', 'GET', '/api/sanction-appeals')).json()[0];
    expect(mine).toMatchObject({ status: 'lifted', answer: '经复核终端确有故障，撤销暂停。' });
    expect(
      (
        await d.call('province', 'POST', `/api/sanction-appeals/${a.id}/decide`, {
          outcome: 'upheld',
          answer: '维持原处理决定',
        })
      ).json().code,
    ).toBe('APPEAL_DECIDED');
    const audit = await d.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'institution.sanction.appeal%' ORDER BY seq`,
      [JIGOU],
    );
    expect(audit.map((x) => x.action)).toEqual(['institution.sanction.appeal', 'institution.sanction.appeal.lifted']);
    // a lifted sanction is not appealed again
    expect((await appeal('jigou', suspension, STATEMENT)).json().code).toBe('SANCTION_LIFTED');
  });

  it('an upheld appeal leaves the sanction standing', async () => {
    const filed = (await appeal('jigou', warning, '台账已按要求补齐，请求撤销警示。')).json();
    await d.call('province', 'POST', `/api/sanction-appeals/${filed.id}/decide`, {
      outcome: 'upheld',
      answer: '台账补齐不改变当时的违规事实，维持警示。',
    });
    const s = (await d.call('jigou', 'GET', '/api/sanctions')).json().find((x: { id: string }) => x.id === warning);
    expect(s.liftedAt).toBeNull();
  });

  it('filing again after the sanction was let stand needs new evidence, and a sanction takes 3 appeals at most', async () => {
    // The warning was let stand above on a statement without a file.
    const uphold = (id: string) =>
      d.call('province', 'POST', `/api/sanction-appeals/${id}/decide`, {
        outcome: 'upheld',
        answer: '材料不足以撤销，维持处理。',
      });
    const same = await appeal('jigou', warning, '台账已按要求补齐，请求撤销警示。');
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({
      code: 'APPEAL_NEEDS_NEW_EVIDENCE',
      message: expect.stringContaining('再次申辩须提供新的证明材料'),
      message_en: expect.stringContaining('new evidence'),
      details: { field: 'file' },
    });
    // A new file with the statement not accepted before: the statement must differ.
    const sameWords = await appeal('jigou', warning, '台账已按要求补齐，请求撤销警示。', {
      name: 'a.pdf',
      content: PDF,
    });
    expect(sameWords.json()).toMatchObject({ code: 'APPEAL_NEEDS_NEW_EVIDENCE', details: { field: 'statement' } });
    const second = await appeal('jigou', warning, '补充：附区人社局出具的台账核查意见。', {
      name: 'a.pdf',
      content: PDF,
    });
    expect(second.statusCode, second.body).toBe(201);
    await uphold(second.json().id);
    // The same file again is not new evidence, whatever the statement says.
    const oldFile = await appeal('jigou', warning, '再补充：附整改前后台账对照表。', { name: 'b.pdf', content: PDF });
    expect(oldFile.json()).toMatchObject({ code: 'APPEAL_NEEDS_NEW_EVIDENCE', details: { field: 'file' } });
    const third = await appeal('jigou', warning, '再补充：附整改前后台账对照表。', {
      name: 'b.pdf',
      content: Buffer.from('%PDF-1.4\n%台账对照表\n'),
    });
    expect(third.statusCode, third.body).toBe(201);
    await uphold(third.json().id);
    const fourth = await appeal('jigou', warning, '第四次：附市局复查记录。', {
      name: 'c.pdf',
      content: Buffer.from('%PDF-1.4\n%复查记录\n'),
    });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({
      code: 'APPEAL_LIMIT',
      message: '该处理已申辩 3 次，不再受理；如仍有异议，可依法申请行政复议',
    });
    const mine = (await d.call('jigou', 'GET', '/api/sanction-appeals')).json() as { sanctionId: string }[];
    expect(mine.filter((a) => a.sanctionId === warning)).toHaveLength(3);
  });
});
