import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate, fixedClock } from '../src/kernel/clock.ts';
import { SmsSendError, type SmsMessage, type SmsSender } from '../src/kernel/sms.ts';
import { deliverQueuedSms, makeTimedNotices, notify } from '../src/modules/notify/index.ts';
import { REASONS } from '../src/modules/subsidy/reasons.ts';
import { APPLICATION_TYPE_NAMES } from '../src/modules/subsidy/subsidy.labels.ts';
import { runSettlement } from '../src/workflows/settle.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/** A sender that answers from a script: an error to throw, or null to send. */
class ScriptedSender implements SmsSender {
  readonly name = 'scripted';
  readonly sent: SmsMessage[] = [];
  calls = 0;
  constructor(private script: (SmsSendError | null)[] = []) {}
  async send(m: SmsMessage) {
    const next = this.script[this.calls++];
    if (next) throw next;
    this.sent.push(m);
    return { providerId: `p-${this.calls}` };
  }
}

/**
 * Notices (消息) and their SMS: one per event however often it is replayed, set-based for
 * settlement, each user's own inbox only, sent by the job with retries and quiet hours.
 */
describe('notices', () => {
  let d: DemoApp;
  const JIGOU = '12320100914177769G';
  const day = (offset: number) => chinaDate(new Date(Date.now() + offset * 86_400_000));
  let xieleiKey = '';
  const count = async (sql: string, params: unknown[] = []) =>
    (await d.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'jigou', 'pingjia', 'xielei']);
    xieleiKey = d.ctx.vault.blindIndex('320311199409187319');
  });
  afterAll(() => d?.close());

  describe('settlement', () => {
    it('tells every applicant of an approval or a rejection, with an SMS where the registry has a phone', async () => {
      const decided = await count(`decisions WHERE decision IN ('approved', 'rejected')`);
      expect(decided).toBeGreaterThan(0);
      expect(await count(`notices WHERE kind = 'subsidy_decided'`)).toBe(decided);
      // An approval's 公示 period is in its decision notice: no second message at the same instant.
      expect(await count(`public_notices`)).toBeGreaterThan(0);
      expect(
        await count(`notices p JOIN notices s ON s.kind = 'subsidy_decided' AND s.recipient = p.recipient
           AND s.event_key = 'subsidy_decided:' || substr(p.event_key, length('publicity_started:') + 1) || ':approved'
           WHERE p.kind = 'publicity_started'`),
      ).toBe(0);
      const withPhone = await count(
        `decisions d JOIN persons p ON p.person_key = d.person_key WHERE d.decision IN ('approved', 'rejected') AND p.phone IS NOT NULL AND p.phone <> ''`,
      );
      expect(await count(`sms_deliveries WHERE template = 'subsidy_decided'`)).toBe(withPhone);
    });

    it('says what the SQL-built params said: every decided notice, to the character, an approval with its 公示 period', async () => {
      // The params settlement now builds in Node (notices.ts), against the jsonb the old statement built.
      const types = JSON.stringify(APPLICATION_TYPE_NAMES);
      const common = `'program', $1::jsonb -> d.type ->> 'zh', 'programEn', $1::jsonb -> d.type ->> 'en',
        'amountYuan', to_char(d.amount_fen / 100.0, 'FM999999990.00')`;
      const [decided] = await d.ctx.db.query<{ n: number; same: number; rejected: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE d.decision = 'rejected')::int AS rejected,
           count(*) FILTER (WHERE n.params = jsonb_build_object('decision', d.decision, 'occupation', o.name, ${common},
             'reasons', CASE WHEN d.decision = 'rejected' THEN
               (SELECT COALESCE(jsonb_agg(COALESCE($2::jsonb -> r ->> 'zh', r)), '[]'::jsonb) FROM unnest(d.reasons) r) END,
             'reasonsEn', CASE WHEN d.decision = 'rejected' THEN
               (SELECT COALESCE(jsonb_agg(COALESCE($2::jsonb -> r ->> 'en', r)), '[]'::jsonb) FROM unnest(d.reasons) r) END)
             || CASE WHEN d.decision = 'approved'
                  THEN jsonb_build_object('from', p.approved_on::text, 'until', p.notice_until::text) ELSE '{}' END)::int AS same
         FROM notices n JOIN decisions d ON n.event_key = 'subsidy_decided:' || d.application_id || ':' || d.decision
         LEFT JOIN occupations o ON o.code = d.occupation_code
         LEFT JOIN public_notices p ON p.application_id = d.application_id WHERE n.kind = 'subsidy_decided'`,
        [types, JSON.stringify(REASONS)],
      );
      expect(decided.rejected).toBeGreaterThan(0);
      expect(decided.same).toBe(decided.n);
      expect(decided.n).toBe(await count(`notices WHERE kind = 'subsidy_decided'`));
      // Every approval's notice tells its 公示 period, in words.
      const [approved] = await d.ctx.db.query<{ n: number; told: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE n.params ->> 'until' = p.notice_until::text)::int AS told
         FROM notices n JOIN public_notices p ON n.event_key = 'subsidy_decided:' || p.application_id || ':approved'
         WHERE n.kind = 'subsidy_decided'`,
      );
      expect(approved.n).toBeGreaterThan(0);
      expect(approved.told).toBe(approved.n);
    });

    it('replaying the decisions adds no notice and no SMS', async () => {
      const before = { notices: await count('notices'), sms: await count('sms_deliveries') };
      // The same decisions made again (as after a lost run): the event keys are the same.
      await d.ctx.db.exec('DELETE FROM decisions');
      await runSettlement(d.ctx, { asOf: '2026-12-31', actor: 'test' });
      expect(await count('decisions')).toBeGreaterThan(0);
      expect({ notices: await count('notices'), sms: await count('sms_deliveries') }).toEqual(before);
    });

    it('a rejection reads its reasons in words, never a code', async () => {
      const res = await d.call('xielei', 'GET', '/api/me/notices?limit=100');
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.unread).toBeGreaterThan(0);
      const decided = page.items.filter((n: { kind: string }) => n.kind === 'subsidy_decided');
      expect(decided.length).toBeGreaterThan(0);
      // An approval says when its 公示 runs, in the same message.
      for (const n of decided.filter((x: { title: { zh: string } }) => x.title.zh.endsWith('已通过')))
        expect(n.body.zh).toMatch(/自 \d{4}-\d{2}-\d{2} 起公示至 \d{4}-\d{2}-\d{2}/);
      for (const n of page.items) {
        expect(n.title.zh).not.toMatch(/[A-Z]{3,}_[A-Z]/);
        expect(n.body.zh).not.toMatch(/[A-Z]{3,}_[A-Z]|undefined|null/);
      }
    });
  });

  describe('replayed events', () => {
    it('one event told twice is one notice and one SMS', async () => {
      const event = {
        recipients: [{ person: xieleiKey }],
        kind: 'payment_sent' as const,
        eventKey: 'payment_sent:TEST-1',
        params: { program: '职业培训补贴', programEn: 'Training subsidy', amountYuan: '1200.00' },
        link: '/me',
      };
      const first = await d.ctx.db.transaction((tx) => notify(tx, event));
      const again = await d.ctx.db.transaction((tx) => notify(tx, event));
      expect(first.notices).toBe(1);
      expect(again).toEqual({ notices: 0, sms: 0 });
      expect(await count(`notices WHERE event_key = 'payment_sent:TEST-1'`)).toBe(1);
      const phone = await count(`persons WHERE person_key = $1 AND phone IS NOT NULL`, [xieleiKey]);
      expect(
        await count(`sms_deliveries s JOIN notices n ON n.id = s.notice_id WHERE n.event_key = 'payment_sent:TEST-1'`),
      ).toBe(phone);
    });
  });

  describe('own inbox only', () => {
    let theirs = 0;
    beforeAll(async () => {
      theirs = (await d.call('xielei', 'GET', '/api/me/notices')).json().items[0].id;
    });

    it('another user cannot read or mark a worker’s notice (404, nothing revealed)', async () => {
      const jigou = (await d.call('jigou', 'GET', '/api/me/notices?limit=100')).json();
      expect(jigou.items.map((n: { id: number }) => n.id)).not.toContain(theirs);
      const res = await d.call('jigou', 'POST', `/api/me/notices/${theirs}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
      expect((await d.call('nanjing', 'POST', `/api/me/notices/${theirs}/read`)).statusCode).toBe(404);
      expect((await d.call('', 'GET', '/api/me/notices')).statusCode).toBe(401);
      expect((await d.call('xielei', 'POST', '/api/me/notices/abc/read')).statusCode).toBe(400);
    });

    it('the worker marks one read, then all; read-all of another user leaves theirs unread', async () => {
      const before = (await d.call('xielei', 'GET', '/api/me/notices')).json().unread;
      const one = await d.call('xielei', 'POST', `/api/me/notices/${theirs}/read`);
      expect(one.statusCode, one.body).toBe(200);
      expect(one.json().unread).toBe(before - 1);
      expect((await d.call('jigou', 'POST', '/api/me/notices/read-all')).statusCode).toBe(200);
      expect((await d.call('xielei', 'GET', '/api/me/notices/unread')).json().unread).toBe(before - 1);
      const all = await d.call('xielei', 'POST', '/api/me/notices/read-all');
      expect(all.json()).toEqual({ marked: before - 1, unread: 0 });
      expect(await count(`audit_log WHERE action = 'notice.read_all'`)).toBeGreaterThan(0);
    });
  });

  describe('training events', () => {
    let projectCode = '';
    it('a dispatched class reaches the institution’s staff; an enrolment and the opening tomorrow reach the worker', async () => {
      const res = await d.call('nanjing', 'POST', '/api/projects', {
        title: '焊工培训班（消息）',
        occupationCode: '6-18-02-04',
        kind: 'employment_skills',
        keyTask: 1,
        startDate: day(1),
        endDate: day(40),
        plannedHours: 80,
        plannedTrainees: 30,
        modules: [],
        price: '1800',
        institutionCode: JIGOU,
      });
      expect(res.statusCode, res.body).toBe(201);
      projectCode = res.json().projectCode;
      const jigou = (await d.call('jigou', 'GET', '/api/me/notices?unread=true')).json();
      expect(jigou.items[0]).toMatchObject({ kind: 'class_dispatched', link: `/projects/${projectCode}` });
      expect(jigou.items[0].body.zh).toContain('南京');
      expect((await d.call('pingjia', 'GET', '/api/me/notices?unread=true')).json().total).toBe(0);

      expect((await d.call('jigou', 'POST', `/api/projects/${projectCode}/accept`)).statusCode).toBe(200);
      const enrol = await d.call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { personKey: xieleiKey });
      expect(enrol.statusCode, enrol.body).toBe(201);
      const mine = (await d.call('xielei', 'GET', '/api/me/notices?unread=true')).json();
      expect(mine.items[0]).toMatchObject({ kind: 'enrolled' });

      const daily = () => makeTimedNotices(d.ctx.db);
      const first = await daily();
      expect(first.classOpening.notices).toBeGreaterThanOrEqual(1);
      expect((await daily()).classOpening.notices).toBe(0); // a rerun adds nothing
      const opening = (await d.call('xielei', 'GET', '/api/me/notices?unread=true'))
        .json()
        .items.find((n: { kind: string }) => n.kind === 'class_opening');
      expect(opening.body.zh).toContain('焊工培训班（消息）');
    });
  });

  describe('the notices-sms job', () => {
    const queue = async (key: string, at: string) => {
      await d.ctx.db.exec(`UPDATE sms_deliveries SET status = 'sent'`); // only this test's message is due
      await d.ctx.db.transaction((tx) =>
        notify(
          tx,
          {
            recipients: [{ person: xieleiKey }],
            kind: 'payment_failed',
            eventKey: key,
            params: {
              program: '职业培训补贴',
              programEn: 'Training subsidy',
              amountYuan: '800.00',
              reason: '账户冻结',
            },
            link: '/me',
          },
          fixedClock(at),
        ),
      );
      const [row] = await d.ctx.db.query<{ id: number; next_attempt_at: Date }>(
        `SELECT s.id, s.next_attempt_at FROM sms_deliveries s JOIN notices n ON n.id = s.notice_id WHERE n.event_key = $1`,
        [key],
      );
      return row!;
    };
    const status = async (id: number) =>
      (
        await d.ctx.db.query<{
          status: string;
          attempts: number;
          last_error: string | null;
          provider_id: string | null;
        }>('SELECT status, attempts, last_error, provider_id FROM sms_deliveries WHERE id = $1', [id])
      )[0]!;

    beforeAll(async () => {
      await d.ctx.db.query(`UPDATE persons SET phone = '13800000001' WHERE person_key = $1`, [xieleiKey]);
    });

    it('holds a message raised in quiet hours until 08:00, then sends it', async () => {
      const row = await queue('payment_failed:QUIET', '2026-05-10T22:00:00+08:00');
      expect(new Date(row.next_attempt_at).toISOString()).toBe(new Date('2026-05-11T08:00:00+08:00').toISOString());
      const sender = new ScriptedSender();
      const night = await deliverQueuedSms(d.ctx.db, sender, { clock: fixedClock('2026-05-11T02:00:00+08:00') });
      expect(night.sent).toBe(0);
      expect(sender.calls).toBe(0);
      const morning = await deliverQueuedSms(d.ctx.db, sender, { clock: fixedClock('2026-05-11T08:01:00+08:00') });
      expect(morning.sent).toBe(1);
      expect(sender.sent[0]).toMatchObject({ phone: '13800000001', template: 'payment_failed' });
      expect(sender.sent[0]!.params).toMatchObject({
        program: '职业培训补贴',
        amountYuan: '800.00',
        reason: '账户冻结',
      });
      expect((await status(row.id)).status).toBe('sent');
    });

    it('a message due before quiet hours but still queued at night waits for 08:00 too', async () => {
      const row = await queue('payment_failed:LATE', '2026-05-12T20:00:00+08:00');
      const r = await deliverQueuedSms(d.ctx.db, new ScriptedSender(), {
        clock: fixedClock('2026-05-12T21:30:00+08:00'),
      });
      expect(r).toMatchObject({ sent: 0, held: 1 });
      const [{ next_attempt_at }] = await d.ctx.db.query<{ next_attempt_at: Date }>(
        'SELECT next_attempt_at FROM sms_deliveries WHERE id = $1',
        [row.id],
      );
      expect(new Date(next_attempt_at).toISOString()).toBe(new Date('2026-05-13T08:00:00+08:00').toISOString());
    });

    it('retries a retryable failure with backoff, then sends', async () => {
      await d.ctx.db.exec(`UPDATE sms_deliveries SET status = 'sent' WHERE status = 'queued'`);
      const row = await queue('payment_failed:RETRY', '2026-05-14T10:00:00+08:00');
      const sender = new ScriptedSender([
        new SmsSendError('provider 503', true),
        new SmsSendError('network', true),
        null,
      ]);
      const at = (t: string) => ({ clock: fixedClock(`2026-05-14T${t}:00+08:00`) });
      expect(await deliverQueuedSms(d.ctx.db, sender, at('10:00'))).toMatchObject({ retried: 1 });
      expect(await status(row.id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'provider 503' });
      // Not due again before its backoff (1 minute after the first failure, 2 after the second).
      expect(await deliverQueuedSms(d.ctx.db, sender, at('10:00'))).toMatchObject({ sent: 0, retried: 0 });
      expect(await deliverQueuedSms(d.ctx.db, sender, at('10:01'))).toMatchObject({ retried: 1 });
      expect(await deliverQueuedSms(d.ctx.db, sender, at('10:02'))).toMatchObject({ sent: 0 });
      expect(await deliverQueuedSms(d.ctx.db, sender, at('10:03'))).toMatchObject({ sent: 1 });
      expect(await status(row.id)).toMatchObject({ status: 'sent', attempts: 3, provider_id: 'p-3', last_error: null });
    });

    it('marks a refused message failed with the provider’s words, without retrying; gives up after the last attempt', async () => {
      const refused = await queue('payment_failed:REFUSED', '2026-05-15T10:00:00+08:00');
      const sender = new ScriptedSender([new SmsSendError('isv.MOBILE_NUMBER_ILLEGAL: 非法手机号', false)]);
      const at = fixedClock('2026-05-15T10:00:00+08:00');
      expect(await deliverQueuedSms(d.ctx.db, sender, { clock: at })).toMatchObject({ failed: 1, retried: 0 });
      expect(await status(refused.id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'isv.MOBILE_NUMBER_ILLEGAL: 非法手机号',
      });
      const down = await queue('payment_failed:DOWN', '2026-05-15T11:00:00+08:00');
      const broken = new ScriptedSender(Array(5).fill(new SmsSendError('provider 500', true)));
      for (let i = 0; i < 5; i++)
        await deliverQueuedSms(d.ctx.db, broken, {
          clock: fixedClock('2026-05-16T11:00:00+08:00'),
          backoffMs: () => 0,
        });
      expect(await status(down.id)).toMatchObject({ status: 'failed', attempts: 5, last_error: 'provider 500' });
    });
  });
});
