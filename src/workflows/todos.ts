import type { Db } from '../db/client.ts';
import { cityScope, type Actor } from '../kernel/auth.ts';
import { chinaDate } from '../kernel/clock.ts';
import { countOverdueAppeals } from '../modules/appeals/index.ts';
import { countAssessments } from '../modules/evaluation/index.ts';
import { countCases, countEmployerConfirmations, countMyConfirmations } from '../modules/integrity/index.ts';
import { countJobOrders } from '../modules/jobs/index.ts';
import { countRegistrationsUnderReview } from '../modules/accounts/index.ts';
import { getInstitution } from '../modules/registry/index.ts';
import { inboxToday, weekOf } from '../modules/reporting/index.ts';
import { countBatches, countDecisions, countReviewQueue } from '../modules/subsidy/index.ts';
import { countProjects, countRequests } from '../modules/training/index.ts';

/**
 * 我的待办: what waits for the signed-in user, one card per kind of work. Each card's number is
 * counted by the owning module's own list filter (the `count…` sibling of the list service, or
 * the list itself), and its link opens that list with the same filter, so the list shows exactly
 * that many rows.
 */
export const TODO_NAMES = {
  accept: { zh: '待接单', en: 'To accept' },
  schedule: { zh: '待排课', en: 'To schedule' },
  start: { zh: '待开班', en: 'To open' },
  close: { zh: '待结业', en: 'To close' },
  results: { zh: '待录成绩', en: 'Results to record' },
  review: { zh: '待复核', en: 'To review' },
  dispatch: { zh: '待派单', en: 'To dispatch' },
  notice: { zh: '待公示期满', en: 'In public notice' },
  pay: { zh: '待支付', en: 'To pay' },
  behind: { zh: '落后地区提醒', en: 'Cities behind pace' },
  behindTargets: { zh: '落后领域提醒', en: 'Sectors and tasks behind pace' },
  behindHolder: { zh: '本单位进度落后提醒', en: 'Our targets behind pace' },
  cases: { zh: '疑点案件', en: 'Integrity cases' },
  appealsOverdue: { zh: '逾期未答复的申诉', en: 'Appeals past their due date' },
  orders: { zh: '招聘中订单', en: 'Open job orders' },
  employerConfirm: { zh: '待确认职工参训', en: 'Employee training to confirm' },
  confirm: { zh: '待确认参训', en: 'Training to confirm' },
  requests: { zh: '我的点单（待派单）', en: 'My requests (waiting)' },
  registrations: { zh: '待审核注册', en: 'Registrations to confirm' },
} as const;
export type TodoKey = keyof typeof TODO_NAMES;
export const TODO_KEYS = Object.keys(TODO_NAMES) as [TodoKey, ...TodoKey[]];

/** One line under each card: what is counted, in words. */
export const TODO_HINTS: Record<TodoKey, { zh: string; en: string }> = {
  accept: { zh: '已派给本机构、尚未接单的项目', en: 'Projects dispatched to you, not yet accepted' },
  schedule: { zh: '已接单、尚未排课的项目', en: 'Accepted projects without a session yet' },
  start: { zh: '已排课、尚未开班的项目', en: 'Scheduled projects whose class is not open yet' },
  close: { zh: '课程已全部结束、可以结业的班级', en: 'Classes whose sessions are all over, ready to close' },
  results: { zh: '已安排、尚未录入成绩的考核', en: 'Scheduled assessments without results' },
  review: { zh: '因疑点暂缓、需人工复核的补贴决定', en: 'Decisions withheld for integrity flags' },
  dispatch: { zh: '劳动者点单，尚未派单', en: 'Workers’ training requests not yet dispatched' },
  notice: { zh: '已通过、仍在公示期内的补贴', en: 'Approved subsidies still in their notice period' },
  pay: { zh: '已生成、尚未送银行的支付批次', en: 'Payment batches created, not yet sent to the bank' },
  behind: {
    zh: '本周督促提醒：进度落后的城市及其指标',
    en: 'This week’s reminders: cities behind pace, per indicator',
  },
  behindTargets: {
    zh: '本周督促提醒：本部门领域或重点任务进度落后',
    en: 'This week’s reminders for your sectors and key tasks',
  },
  behindHolder: {
    zh: '本周督促提醒：本单位目标进度落后的指标',
    en: 'This week’s reminders: the indicators where your targets are behind pace',
  },
  cases: { zh: '交互比对发现、尚待处理的案件', en: 'Open cases from the integrity checks' },
  appealsOverdue: {
    zh: '劳动者申诉已超过15个工作日的答复期限，请尽快处理',
    en: 'Workers’ appeals past the 15-working-day answer deadline',
  },
  orders: { zh: '本企业正在招聘的用工订单', en: 'Your job orders still hiring' },
  employerConfirm: {
    zh: '职工岗位技能提升培训，支付前待企业确认',
    en: 'Employees’ training to confirm before payment',
  },
  confirm: { zh: '补贴支付前，请确认是否参加了培训', en: 'Confirm you attended before the subsidy is paid' },
  requests: { zh: '已提交、尚未派单的培训申请', en: 'Training requests not yet dispatched' },
  registrations: {
    zh: '劳动者自助注册、身份证号不在实名库，待确认重点群体与常住城市',
    en: 'Self-registered workers new to the registry: confirm their groups and city',
  },
};

export interface Todo {
  key: TodoKey;
  count: number;
  /** The web page that lists exactly these rows. */
  link: string;
}

const todo = (key: TodoKey, count: number, link: string): Todo => ({ key, count, link });

/** The signed-in user's to-dos on `now` (China calendar), in their scope. */
export async function myTodos(db: Db, actor: Actor, now: Date = new Date()): Promise<Todo[]> {
  const today = chinaDate(now);
  const week = weekOf(today);
  switch (actor.role) {
    case 'institution_staff': {
      const cards = [
        todo('accept', await countProjects(db, actor, { status: 'dispatched' }, now), '/projects?status=dispatched'),
        todo('schedule', await countProjects(db, actor, { todo: 'schedule' }, now), '/projects?todo=schedule'),
        todo('start', await countProjects(db, actor, { todo: 'start' }, now), '/projects?todo=start'),
        todo('close', await countProjects(db, actor, { todo: 'close' }, now), '/projects?todo=close'),
      ];
      const institution = actor.institutionCode ? await getInstitution(db, actor, actor.institutionCode) : null;
      if (institution?.roles.includes('evaluation'))
        cards.push(
          todo('results', await countAssessments(db, actor, { status: 'scheduled' }), '/assessments?status=scheduled'),
        );
      return cards;
    }
    case 'province_admin':
    case 'city_officer':
      return [
        todo('review', await countReviewQueue(db, actor), '/reviews'),
        todo('dispatch', await countRequests(db, actor, { status: 'open' }), '/demand?requests=open'),
        todo('notice', await countDecisions(db, actor, { notice: 'open' }, today), '/decisions?notice=open'),
        todo('pay', await countBatches(db, cityScope(actor), 'created'), '/payments?status=created'),
        todo('behind', (await inboxToday(db, actor, today, week, 'city')).length, `/inbox?week=${week}&kind=city`),
        todo('cases', await countCases(db, actor, { status: 'open' }), '/integrity?status=open'),
        todo('appealsOverdue', await countOverdueAppeals(db, actor, today), '/appeals?overdue=1'),
        todo('registrations', await countRegistrationsUnderReview(db, actor), '/persons?tab=pending'),
      ];
    case 'department_officer':
      return [todo('behindTargets', (await inboxToday(db, actor, today, week)).length, `/inbox?week=${week}`)];
    case 'holder_officer':
      return [todo('behindHolder', (await inboxToday(db, actor, today, week, 'holder')).length, '/my-targets')];
    case 'enterprise_staff':
      return [
        todo('orders', await countJobOrders(db, actor, { status: 'open' }), '/orders?status=open'),
        todo(
          'employerConfirm',
          await countEmployerConfirmations(db, actor, { pending: true }),
          '/orders?confirm=pending',
        ),
      ];
    case 'worker':
      return [
        todo('confirm', await countMyConfirmations(db, actor, { pending: true }), '/training?confirm=pending'),
        todo('requests', await countRequests(db, actor, { status: 'open' }), '/training?requests=open'),
      ];
  }
}
