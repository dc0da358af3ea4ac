import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed certificate tokens for QR codes: `v1.<payload>.<signature>` (base64url), Ed25519. A
 * verifier with only the province's public key can check a token offline; the online page also
 * tells whether the certificate has since been revoked.
 */
export interface TokenPayload {
  /** certificate number */
  n: string;
  /** holder, name masked */
  h: string;
  /** occupation code */
  o: string;
  /** level code, or null */
  l: string | null;
  /** kind */
  k: string;
  /** issued on */
  d: string;
  /** evaluator credit code */
  e: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The signing key from a 32-byte seed (configuration; the demo has its own). */
export function signingKeyFromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: KeyObject } {
  if (seed.length !== 32) throw new Error('the signing seed must be 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function signToken(payload: TokenPayload, privateKey: KeyObject): string {
  const body = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(null, Buffer.from(body), privateKey).toString('base64url')}`;
}

/** Checks a token with the public key alone; null when it is malformed or the signature fails. */
export function verifyToken(token: string, publicKey: KeyObject | string): TokenPayload | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  const body = `${parts[0]}.${parts[1]}`;
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (!verify(null, Buffer.from(body), key, Buffer.from(parts[2], 'base64url'))) return null;
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return null;
  }
}
