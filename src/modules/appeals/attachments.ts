import { Invalid } from '../../kernel/errors.ts';

/**
 * An appeal's attachments: photos (JPEG, PNG) or PDF, at most 3, each at most 5 MB. The type is
 * read from the file's first bytes (its magic number), never from its name or the browser's word.
 */
export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface Attachment {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

/** The media type the bytes are (JPEG, PNG or PDF), or null for anything else. */
export function sniffMediaType(bytes: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Refuses too many files (checked as each arrives, so a fourth is not even read). */
export function tooManyAttachments(count: number): Invalid | null {
  return count > MAX_ATTACHMENTS
    ? new Invalid('TOO_MANY_FILES', `最多上传${MAX_ATTACHMENTS}个附件`, `at most ${MAX_ATTACHMENTS} attachments`, {
        field: 'files',
      })
    : null;
}

/** Checks one uploaded file; answers the attachment to store or the bilingual refusal. */
export function checkAttachment(fileName: string, content: Buffer, truncated: boolean): Attachment {
  const name = fileName.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 120) || 'file';
  if (truncated || content.length > MAX_ATTACHMENT_BYTES)
    throw new Invalid('FILE_TOO_LARGE', `附件 ${name} 超过5MB`, `attachment ${name} is larger than 5 MB`, {
      field: 'files',
    });
  if (content.length === 0)
    throw new Invalid('EMPTY_FILE', `附件 ${name} 是空文件`, `attachment ${name} is empty`, { field: 'files' });
  const mediaType = sniffMediaType(content);
  if (!mediaType)
    throw new Invalid(
      'BAD_FILE_TYPE',
      `附件 ${name} 不是JPEG、PNG图片或PDF文件`,
      `attachment ${name} is not a JPEG or PNG photo or a PDF`,
      { field: 'files' },
    );
  return { fileName: name, mediaType, content };
}
