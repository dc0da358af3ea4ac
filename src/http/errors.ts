import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../kernel/errors.ts';
import { maskIdsInText } from '../kernel/pii.ts';

/** Fastify's own refusals of a request body, each with a message a clerk understands. */
const BODY_ERRORS: Record<string, { code: string; zh: string; en: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', zh: '请求内容不是有效的 JSON', en: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_JSON', zh: '请求内容为空，应为 JSON', en: 'the request body is empty; JSON was expected' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', zh: '请求内容过大', en: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', zh: '不支持该内容类型', en: 'this content type is not supported' },
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
    return reply.status(400).send({ code: 'INVALID_REQUEST', message: '请求参数不正确', message_en: 'the request is not valid', details });
  }
  if (err.statusCode && err.statusCode < 500) {
    const e = clientErrorOf(err);
    return reply.status(err.statusCode).send({ code: e.code, message: e.zh, message_en: e.en });
  }
  req.log.error({ err: { message: maskIdsInText(err.message), code: err.code } }, 'unhandled error');
  return reply.status(500).send({ code: 'INTERNAL', message: '系统内部错误，请稍后再试', message_en: 'internal error, please try again later' });
}
