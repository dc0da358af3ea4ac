import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, Conflict, Invalid } from '../kernel/errors.ts';
import { maskIdsInText } from '../kernel/pii.ts';

/** Fastify's own refusals of a request body, each with a message a clerk understands. */
const BODY_ERRORS: Record<string, { code: string; zh: string; en: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'MALFORMED_JSON',
    zh: '请求内容不是有效的 JSON',
    en: 'the request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MALFORMED_JSON',
    zh: '请求内容为空，应为 JSON',
    en: 'the request body is empty; JSON was expected',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', zh: '请求内容过大', en: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    zh: '不支持该内容类型',
    en: 'this content type is not supported',
  },
};

/** A 4xx from Fastify: its body refusals by code; a SyntaxError is a JSON body that does not parse. */
function clientErrorOf(err: FastifyError): { code: string; zh: string; en: string } {
  const known = err.code ? BODY_ERRORS[err.code] : undefined;
  if (known) return known;
  if (err instanceof SyntaxError) return BODY_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY;
  return { code: err.code ?? 'BAD_REQUEST', zh: '请求无法处理', en: maskIdsInText(err.message) };
}

/** Maps every error once: domain errors keep their code; nothing leaks a stack, SQL or an ID number. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({ path: v.instancePath, message: maskIdsInText(v.message ?? '') }));
    return reply
      .status(400)
      .send({ code: 'INVALID_REQUEST', message: '请求参数不正确', message_en: 'the request is not valid', details });
  }
  const db = databaseRefusal(err as { code?: unknown });
  if (db) return reply.status(db.status).send(db.toJSON());
  if (err.statusCode && err.statusCode < 500) {
    const e = clientErrorOf(err);
    return reply.status(err.statusCode).send({ code: e.code, message: e.zh, message_en: e.en });
  }
  req.log.error({ err: { message: maskIdsInText(err.message), code: err.code } }, 'unhandled error');
  return reply.status(500).send({
    code: 'INTERNAL',
    message: '系统内部错误，请稍后再试',
    message_en: 'internal error, please try again later',
  });
}

/**
 * The database's own refusals of a value (SQLSTATE class 22: a date out of range, text with a byte
 * it cannot store, a number too large) and of a duplicate (23505) are the caller's mistake, not a
 * server fault. Routes validate first; this is the net under them, so no input can produce a 500.
 */
function databaseRefusal(err: { code?: unknown }): AppError | null {
  const code = typeof err.code === 'string' ? err.code : '';
  if (/^22[0-9A-Z]{3}$/.test(code))
    return new Invalid(
      'INVALID_VALUE',
      '请求中有数据库无法接受的取值（日期、数字或文字超出范围）',
      'a value in the request is out of range or cannot be stored',
    );
  if (code === '23505')
    return new Conflict(
      'DUPLICATE',
      '该记录已存在，请勿重复提交',
      'this record already exists; do not submit it twice',
    );
  return null;
}

/** Any string in a request's body, query or path holding a NUL character (PostgreSQL text cannot store one). */
function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 32 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  return false;
}

/** Refuses, before validation, any request carrying a NUL character: one bilingual answer for every route. */
export function refuseNulCharacters(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.body) || hasNul(req.query) || hasNul(req.params)) {
      throw new Invalid(
        'NUL_CHARACTER',
        '请求中含有不允许的空字符（\\0）',
        'the request contains a NUL character, which is not allowed',
      );
    }
  });
}
