import { randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const newToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * A copy of a string that does not keep its source alive. Fields split from a 1 MB read buffer are
 * V8 "sliced strings" that pin the whole buffer; a long-lived cache must store detached copies.
 */
export const detached = (s: string): string => (' ' + s).slice(1);
