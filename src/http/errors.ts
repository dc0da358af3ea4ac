import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../kernel/errors.ts';
import { maskIdsInText } from '../kernel/pii.ts';

/** Maps every error once: domain errors keep their code; nothing leaks a stack, SQL or an ID number. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({ path: v.instancePath, message: maskIdsInText(v.message ?? '') }));
    return reply.status(400).send({ code: 'INVALID_REQUEST', message: '请求参数不正确', message_en: 'the request is not valid', details });
  }
  if (err.statusCode && err.statusCode < 500) {
    return reply.status(err.statusCode).send({ code: err.code ?? 'BAD_REQUEST', message: '请求无法处理', message_en: maskIdsInText(err.message) });
  }
  req.log.error({ err: { message: maskIdsInText(err.message), code: err.code } }, 'unhandled error');
  return reply.status(500).send({ code: 'INTERNAL', message: '系统内部错误，请稍后再试', message_en: 'internal error, please try again later' });
}
