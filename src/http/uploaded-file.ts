import type { FastifyRequest } from 'fastify';
import { Invalid } from '../kernel/errors.ts';

/**
 * The one file of a multipart upload, read into memory up to `maxBytes` (a page's upload of a
 * register or a report: megabytes, not the interchange's gigabytes). A request that is not
 * multipart, has no file, or is larger is refused in both languages, naming the file it wanted.
 */
export async function uploadedFile(
  req: FastifyRequest,
  what: { zh: string; en: string },
  maxBytes = 10 * 1024 * 1024,
): Promise<{ fileName: string; bytes: Buffer }> {
  if (!req.isMultipart())
    throw new Invalid(
      'NOT_MULTIPART',
      `请以表单（multipart）上传${what.zh}`,
      `send the ${what.en} as multipart form data`,
    );
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw new Invalid('NO_FILE', `请选择${what.zh}`, `no ${what.en} was uploaded`, { field: 'file' });
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw e;
    const mb = Math.round(maxBytes / 1024 / 1024);
    throw new Invalid('FILE_TOO_LARGE', `${what.zh}不能超过 ${mb} MB`, `the ${what.en} may be at most ${mb} MB`);
  }
  return { fileName: part.filename, bytes };
}
