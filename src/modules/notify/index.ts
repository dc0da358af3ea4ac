export {
  notify,
  notifyPersons,
  myNotices,
  unreadCount,
  type Recipient,
  type NoticeEvent,
  type NoticeSource,
  type Notified,
} from './notify.service.ts';
export {
  NOTICE_KINDS,
  NOTICE_KIND_NAMES,
  APPEAL_ANSWERED,
  LEARNING_APPEAL_FILED,
  renderNotice,
  type NoticeKindCode,
  type NoticeParams,
} from './kinds.ts';
export { deliverQueuedSms, smsDeliveryCounts, type DeliverOptions, type DeliverResult } from './deliver-sms.ts';
export { makeTimedNotices, isoWeek, type TimedOptions } from './timed-notices.ts';
export { inQuietHours, quietHoursEnd, quietHoursStart } from './quiet-hours.ts';
export { AliyunSms, signRpc, percentEncode, type AliyunSmsOptions } from './aliyun-sms.ts';
export { smsSender } from './sms-sender.ts';
