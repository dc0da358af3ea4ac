import { z } from 'zod';
import { ZPageQuery } from '../../kernel/listing.ts';

const ZText = z.object({ zh: z.string(), en: z.string() });

/** One notice as its recipient reads it: the title and text rendered in both languages, names not codes. */
export const ZNotice = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    title: ZText,
    body: ZText,
    /** The web route the notice opens. */
    link: z.string().nullable(),
    createdAt: z.date(),
    readAt: z.date().nullable(),
  })
  .meta({ id: 'Notice' });

export const ZNoticePage = z
  .object({ items: z.array(ZNotice), total: z.number().int(), unread: z.number().int() })
  .meta({ id: 'NoticePage' });

export const ZNoticeQuery = z.object({
  offset: ZPageQuery.offset,
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** Only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
});

export const ZNoticeRead = z
  .object({ id: z.number().int(), readAt: z.date(), unread: z.number().int() })
  .meta({ id: 'NoticeRead' });

export const ZNoticesReadAll = z
  .object({ marked: z.number().int(), unread: z.number().int() })
  .meta({ id: 'NoticesReadAll' });

export const ZUnreadCount = z.object({ unread: z.number().int() }).meta({ id: 'UnreadCount' });
