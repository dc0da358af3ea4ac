/**
 * Typed domain errors. Every error carries a stable code and a message in Chinese and English;
 * the HTTP layer maps `status` once (src/http/errors.ts). Never put SQL, stacks or unmasked
 * identity numbers in a message.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${en}`);
    this.name = new.target.name;
  }
  toJSON() {
    return { code: this.code, message: this.zh, message_en: this.en, details: this.details };
  }
}

export class Invalid extends AppError {
  constructor(code: string, zh: string, en: string, details?: unknown) {
    super(400, code, zh, en, details);
  }
}
export class Unauthenticated extends AppError {
  constructor(code = 'UNAUTHENTICATED', zh = '请先登录', en = 'Please sign in') {
    super(401, code, zh, en);
  }
}
export class Forbidden extends AppError {
  constructor(code = 'FORBIDDEN', zh = '无权执行此操作', en = 'You are not allowed to do this') {
    super(403, code, zh, en);
  }
}
export class NotFound extends AppError {
  constructor(what: { zh: string; en: string }, code = 'NOT_FOUND') {
    super(404, code, `${what.zh}不存在`, `${what.en} not found`);
  }
}
export class Conflict extends AppError {
  constructor(code: string, zh: string, en: string, details?: unknown) {
    super(409, code, zh, en, details);
  }
}
export class TooManyRequests extends AppError {
  constructor(zh = '请求过于频繁，请稍后再试', en = 'Too many requests, try again later') {
    super(429, 'RATE_LIMITED', zh, en);
  }
}
/** A service the request depends on (the SMS provider) failed; nothing was done, the caller may retry. */
export class Unavailable extends AppError {
  constructor(code: string, zh: string, en: string) {
    super(503, code, zh, en);
  }
}
