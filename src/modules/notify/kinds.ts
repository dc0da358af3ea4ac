/**
 * The kinds of notice (消息), each with its templates: a title and a text in Chinese and English for
 * the inbox, and whether an SMS goes too. Templates read names, never codes: whoever raises the
 * notice puts the names in its params (the project's title, the institution's name, the reasons in
 * words), so a notice reads the same years later whatever the catalogs became.
 * docs/notifications.md lists them.
 */

/** A notice's values: names and figures, already in words (a list for reasons). */
export type NoticeParams = Record<string, string | number | string[] | null>;

interface Text {
  zh: string;
  en: string;
}

export interface NoticeKind {
  /** The kind's name (the inbox filter, the labels endpoint). */
  name: Text;
  /** Whether the worker also gets an SMS (when their record has a phone). */
  sms: boolean;
  /** Urgent SMS go out during quiet hours (21:00–08:00 China time); the others wait for 08:00. */
  urgent: boolean;
  title: (p: NoticeParams) => Text;
  body: (p: NoticeParams) => Text;
}

const s = (v: NoticeParams[string] | undefined): string =>
  Array.isArray(v) ? v.join('；') : v == null ? '' : String(v);
const en = (v: NoticeParams[string] | undefined): string => (Array.isArray(v) ? v.join('; ') : s(v));

export const NOTICE_KINDS = {
  /** 派单: a project dispatched to the institution (its staff). */
  class_dispatched: {
    name: { zh: '派单通知', en: 'Class dispatched' },
    sms: false,
    urgent: false,
    title: (p) => ({ zh: `新派单：${s(p.project)}`, en: `New class dispatched: ${en(p.project)}` }),
    body: (p) => ({
      zh: `${s(p.city)}派给贵机构的培训项目“${s(p.project)}”（${s(p.occupation)}，${s(p.startDate)} 至 ${s(p.endDate)}，计划${s(p.trainees)}人），请在项目页接单或拒单。`,
      en: `${en(p.cityEn ?? p.city)} dispatched the class “${en(p.project)}” (${en(p.occupation)}, ${en(p.startDate)} to ${en(p.endDate)}, ${en(p.trainees)} trainees) to your institution: accept or decline it on the project page.`,
    }),
  },
  /** A worker enrolled in a class. */
  enrolled: {
    name: { zh: '报名成功', en: 'Enrolled' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `您已报名“${s(p.project)}”`, en: `You are enrolled in “${en(p.project)}”` }),
    body: (p) => ({
      zh: `${s(p.institution)}已为您报名培训“${s(p.project)}”，${s(p.startDate)} 至 ${s(p.endDate)}。请按时参加并打卡。`,
      en: `${en(p.institution)} enrolled you in “${en(p.project)}”, ${en(p.startDate)} to ${en(p.endDate)}. Attend and check in on time.`,
    }),
  },
  /** The class opens tomorrow (the daily job). */
  class_opening: {
    name: { zh: '开班提醒', en: 'Class opening' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `明天开班：${s(p.project)}`, en: `Your class opens tomorrow: ${en(p.project)}` }),
    body: (p) => ({
      zh: `您报名的“${s(p.project)}”（${s(p.institution)}）将于 ${s(p.startsAt)} 开课${p.site ? `，地点：${s(p.site)}` : ''}。请准时到场打卡。`,
      en: `“${en(p.project)}” (${en(p.institution)}) starts at ${en(p.startsAt)}${p.site ? ` at ${en(p.site)}` : ''}. Please check in on time.`,
    }),
  },
  /** 直播课改期: the institution moved a live class of the worker's project (raised by the learning module). */
  live_class_rescheduled: {
    name: { zh: '直播课改期', en: 'Live class rescheduled' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `直播课改期：${s(p.title)}`, en: `Live class moved: ${en(p.title)}` }),
    body: (p) => ({
      zh: `“${s(p.project)}”的直播课“${s(p.title)}”（${s(p.institution)}）由 ${s(p.previousStartsAt)} 改至 ${s(p.startsAt)}–${s(p.endsAt)}，请按新时间参加。`,
      en: `The live class “${en(p.title)}” of “${en(p.project)}” (${en(p.institution)}) moved from ${en(p.previousStartsAt)} to ${en(p.startsAt)}–${en(p.endsAt)} (China time). Please join at the new time.`,
    }),
  },
  /** 直播课取消: the institution (or the province) cancelled a live class of the worker's project, with its reason. */
  live_class_cancelled: {
    name: { zh: '直播课取消', en: 'Live class cancelled' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `直播课取消：${s(p.title)}`, en: `Live class cancelled: ${en(p.title)}` }),
    body: (p) => ({
      zh: `原定 ${s(p.startsAt)} 的直播课“${s(p.title)}”（${s(p.project)}，${s(p.institution)}）已取消。原因：${s(p.reason)}。`,
      en: `The live class “${en(p.title)}” of “${en(p.project)}” (${en(p.institution)}) planned for ${en(p.startsAt)} (China time) is cancelled. Reason: ${en(p.reason)}.`,
    }),
  },
  /** 直播课提醒: a live class of the worker's project starts soon (the live-reminder job, once per class and time). */
  live_class_reminder: {
    name: { zh: '直播课提醒', en: 'Live class reminder' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `直播课即将开始：${s(p.title)}`, en: `Live class soon: ${en(p.title)}` }),
    body: (p) => ({
      zh: `“${s(p.project)}”的直播课“${s(p.title)}”（${s(p.institution)}）将于 ${s(p.startsAt)} 开始，开始前15分钟可进入。`,
      en: `The live class “${en(p.title)}” of “${en(p.project)}” (${en(p.institution)}) starts at ${en(p.startsAt)} (China time); you may enter 15 minutes before.`,
    }),
  },
  /** The worker's attendance so far is below the share the subsidy needs (the daily job, once a week at most). */
  attendance_below_pace: {
    name: { zh: '出勤不足提醒', en: 'Attendance below pace' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `出勤不足：${s(p.project)}`, en: `Attendance below pace: ${en(p.project)}` }),
    body: (p) => ({
      zh: `您在“${s(p.project)}”已开课的 ${s(p.held)} 中出勤 ${s(p.attended)}（含计入的线上学时，${s(p.percent)}%），低于领取补贴所需的 ${s(p.required)}%。请按时参加后续课程。`,
      en: `Of the ${en(p.heldEn ?? p.held)} of “${en(p.project)}” held so far you attended ${en(p.attendedEn ?? p.attended)} (online time that counts included, ${en(p.percent)}%), below the ${en(p.required)}% a subsidy needs. Please attend the coming sessions.`,
    }),
  },
  /** 督促提醒 to an "N" holder's liaisons: the holder is behind pace on an indicator (the weekly reminders). */
  holder_behind_pace: {
    name: { zh: '目标进度督促提醒', en: 'Target behind pace' },
    sms: false,
    urgent: false,
    title: (p) => ({ zh: `进度落后：${s(p.indicator)}`, en: `Behind pace: ${en(p.indicatorEn)}` }),
    body: (p) => ({
      zh: `截至 ${s(p.asOf)}，${s(p.holder)}的${s(p.indicator)}完成 ${s(p.actual)}，按进度应完成 ${s(p.due)}（年度目标 ${s(p.target)}），按当前进度难以按期完成。请加快推进。`,
      en: `As of ${en(p.asOf)}, ${en(p.holder)} reached ${en(p.actual)} ${en(p.indicatorEn)}, where the pace asks ${en(p.due)} (yearly target ${en(p.target)}): at this pace the target will not be met. Please speed up.`,
    }),
  },
  /** A subsidy application decided (approved or rejected), with the reasons in words; an approval with its 公示 period. */
  subsidy_decided: {
    name: { zh: '补贴审核结果', en: 'Subsidy decided' },
    sms: true,
    urgent: false,
    title: (p) => ({
      zh: `${s(p.program)}${p.decision === 'approved' ? '已通过' : '未通过'}`,
      en: `${en(p.programEn)} ${p.decision === 'approved' ? 'approved' : 'not approved'}`,
    }),
    body: (p) =>
      p.decision === 'approved'
        ? p.until
          ? {
              zh: `您的${s(p.program)}申请（${s(p.occupation)}）已审核通过，金额 ${s(p.amountYuan)} 元，自 ${s(p.from)} 起公示至 ${s(p.until)}，公示期满无异议后发放。`,
              en: `Your ${en(p.programEn)} application (${en(p.occupationEn ?? p.occupation)}) was approved: ¥${en(p.amountYuan)}, on public notice from ${en(p.from)} to ${en(p.until)} and paid when the period ends without objection.`,
            }
          : {
              zh: `您的${s(p.program)}申请（${s(p.occupation)}）已审核通过，金额 ${s(p.amountYuan)} 元，公示后发放。`,
              en: `Your ${en(p.programEn)} application (${en(p.occupationEn ?? p.occupation)}) was approved: ¥${en(p.amountYuan)}, paid after the public notice period.`,
            }
        : {
            zh: `您的${s(p.program)}申请（${s(p.occupation)}）未通过。原因：${s(p.reasons)}。如有异议可提出申诉。`,
            en: `Your ${en(p.programEn)} application (${en(p.occupationEn ?? p.occupation)}) was not approved. Reasons: ${en(p.reasonsEn)}. You may appeal.`,
          },
  },
  /** 公示 started: the approved subsidy is in its public notice period (when no decision notice told it). */
  publicity_started: {
    name: { zh: '公示开始', en: 'Public notice started' },
    sms: false,
    urgent: false,
    title: (p) => ({ zh: `${s(p.program)}开始公示`, en: `${en(p.programEn)}: public notice started` }),
    body: (p) => ({
      zh: `您获批的${s(p.program)}（${s(p.amountYuan)} 元）自 ${s(p.from)} 起公示至 ${s(p.until)}，公示期满无异议后发放。`,
      en: `Your approved ${en(p.programEn)} (¥${en(p.amountYuan)}) is on public notice from ${en(p.from)} to ${en(p.until)}; it is paid when the period ends without objection.`,
    }),
  },
  /** The bank paid the subsidy. */
  payment_sent: {
    name: { zh: '补贴已发放', en: 'Payment sent' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `${s(p.program)}已发放`, en: `${en(p.programEn)} paid` }),
    body: (p) => ({
      zh: `您的${s(p.program)} ${s(p.amountYuan)} 元已发放至您的社保卡，请查收。`,
      en: `Your ${en(p.programEn)} of ¥${en(p.amountYuan)} was paid to your social-security card.`,
    }),
  },
  /** The bank could not pay; the next payment batch tries again. */
  payment_failed: {
    name: { zh: '补贴发放失败', en: 'Payment failed' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `${s(p.program)}发放失败`, en: `${en(p.programEn)}: payment failed` }),
    body: (p) => ({
      zh: `您的${s(p.program)} ${s(p.amountYuan)} 元发放失败${p.reason ? `（${s(p.reason)}）` : ''}，将在下一批次重新发放；请确认社保卡状态正常。`,
      en: `Your ${en(p.programEn)} of ¥${en(p.amountYuan)} could not be paid${p.reason ? ` (${en(p.reason)})` : ''}; the next batch pays it again. Please check that your social-security card is active.`,
    }),
  },
  /** 学员确认: the worker is asked whether the training took place (the daily job). */
  confirmation_due: {
    name: { zh: '待确认培训', en: 'Confirmation due' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `请确认培训：${s(p.project)}`, en: `Please confirm your training: ${en(p.project)}` }),
    body: (p) => ({
      zh: `请在 ${s(p.until)} 前确认您是否参加了“${s(p.project)}”（${s(p.institution)}）的培训。`,
      en: `Please confirm by ${en(p.until)} whether you attended “${en(p.project)}” (${en(p.institution)}).`,
    }),
  },
  /** 申诉: the city answered the worker's appeal (raised by the appeals module). */
  appeal_answered: {
    name: { zh: '申诉答复', en: 'Appeal answered' },
    sms: true,
    urgent: false,
    title: (p) => ({ zh: `您的申诉已答复：${s(p.outcome)}`, en: `Your appeal was answered: ${en(p.outcomeEn)}` }),
    body: (p) => ({
      zh: `您就“${s(p.subject)}”提出的申诉已答复：${s(p.outcome)}。${p.note ? `说明：${s(p.note)}` : ''}`,
      en: `Your appeal about “${en(p.subjectEn ?? p.subject)}” was answered: ${en(p.outcomeEn)}.${p.note ? ` Note: ${en(p.note)}` : ''}`,
    }),
  },
  /**
   * 学时申诉: a learner contests online time a failed re-check voided; the institution the course is
   * bound to hears of it for its information — the city decides (docs/appeals.md § Learning time).
   * The learner's name masked as on public pages (张*丰).
   */
  learning_appeal_filed: {
    name: { zh: '学时申诉（知悉）', en: 'Learning-time appeal filed (for information)' },
    sms: false,
    urgent: false,
    title: (p) => ({ zh: `学时申诉：${s(p.course)}`, en: `Learning-time appeal: ${en(p.course)}` }),
    body: (p) => ({
      zh: `学员${s(p.learner)}就课程“${s(p.course)}”中“${s(p.module)}”的身份核验作废学时提出申诉，由项目所在市人社部门于 ${s(p.dueOn)} 前处理，本通知供贵机构知悉，可在申诉处理中查看。`,
      en: `The learner ${en(p.learner)} appealed the online time voided by an identity re-check in “${en(p.module)}” of the course “${en(p.course)}”. The city decides it by ${en(p.dueOn)}; this notice is for your information (see Appeals).`,
    }),
  },
  /** 自助注册: the city confirmed a self-registration (the SMS goes to the registrant's verified phone). */
  registration_confirmed: {
    name: { zh: '注册审核通过', en: 'Registration confirmed' },
    sms: true,
    urgent: false,
    title: () => ({ zh: '您的注册已审核通过', en: 'Your registration was confirmed' }),
    body: (p) => ({
      zh: `您的实名注册已通过审核，请用手机号 ${s(p.username)} 和注册时设置的密码登录。`,
      en: `Your registration was confirmed: sign in with your phone number ${en(p.username)} and the password you chose.`,
    }),
  },
  /** 自助注册: the city rejected a self-registration, with its reason (what to bring to a service desk). */
  registration_rejected: {
    name: { zh: '注册未通过', en: 'Registration rejected' },
    sms: true,
    urgent: false,
    title: () => ({ zh: '您的注册未通过审核', en: 'Your registration was not confirmed' }),
    body: (p) => ({
      zh: `您的实名注册未通过审核。原因：${s(p.reason)}。如有疑问请到人社服务窗口办理。`,
      en: `Your registration was not confirmed. Reason: ${en(p.reason)}. Please visit a human-resources service desk.`,
    }),
  },
} satisfies Record<string, NoticeKind>;

export type NoticeKindCode = keyof typeof NOTICE_KINDS;

/** The kind's names (for the labels endpoint). */
export const NOTICE_KIND_NAMES: Record<NoticeKindCode, Text> = Object.fromEntries(
  Object.entries(NOTICE_KINDS).map(([k, v]) => [k, v.name]),
) as Record<NoticeKindCode, Text>;

/** The kinds that also go by SMS, and of those the urgent ones (sent in quiet hours too). */
export const SMS_KINDS = Object.entries(NOTICE_KINDS)
  .filter(([, k]) => k.sms)
  .map(([c]) => c);
export const URGENT_KINDS = Object.entries(NOTICE_KINDS)
  .filter(([, k]) => k.urgent)
  .map(([c]) => c);

/** 申诉答复: exported by name so the appeals module raises it without spelling the string. */
export const APPEAL_ANSWERED: NoticeKindCode = 'appeal_answered';
/** 学时申诉待处理: raised when a learner files a learning-time appeal. */
export const LEARNING_APPEAL_FILED: NoticeKindCode = 'learning_appeal_filed';

/** A notice's title and text in both languages; an unknown kind (a newer server's) reads as its params. */
export function renderNotice(kind: string, params: NoticeParams): { title: Text; body: Text } {
  const k = (NOTICE_KINDS as Record<string, NoticeKind>)[kind];
  if (!k) return { title: { zh: '通知', en: 'Notice' }, body: { zh: '', en: '' } };
  return { title: k.title(params), body: k.body(params) };
}

/**
 * The SMS's values: the template's variables as strings (the provider takes strings only), the
 * Chinese ones; lists joined. Long values are cut, as providers limit a variable's length.
 */
export function smsParams(params: NoticeParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith('En') || v == null) continue;
    const text = s(v);
    out[k] = text.length > 35 ? `${text.slice(0, 34)}…` : text;
  }
  return out;
}
