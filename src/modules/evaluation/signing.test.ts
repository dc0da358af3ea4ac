import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { signToken, signingKeyFromSeed, verifyToken, type TokenPayload } from './signing.ts';

const seed = createHash('sha256').update('test').digest();
const { privateKey, publicKey } = signingKeyFromSeed(seed);
const payload: TokenPayload = {
  n: 'Y100432000125400000001',
  h: '谢*',
  o: '6-18-02-04',
  l: 'L4',
  k: 'skill_level',
  d: '2026-11-29',
  e: '523201001953640571',
};

describe('certificate QR tokens (Ed25519)', () => {
  it('verifies offline with only the public key (PEM)', () => {
    const token = signToken(payload, privateKey);
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyToken(token, pem)).toEqual(payload);
  });
  it('rejects a token with any one byte changed', () => {
    const token = signToken(payload, privateKey);
    for (let i = 3; i < token.length; i++) {
      if (token[i] === '.') continue;
      const c = token[i] === 'A' ? 'B' : 'A';
      const tampered = token.slice(0, i) + c + token.slice(i + 1);
      const out = verifyToken(tampered, publicKey);
      // base64url's last character may carry unused bits: the decoded bytes can be equal.
      if (out)
        expect(
          Buffer.from(tampered.split('.')[1], 'base64url').equals(Buffer.from(token.split('.')[1], 'base64url')) &&
            Buffer.from(tampered.split('.')[2], 'base64url').equals(Buffer.from(token.split('.')[2], 'base64url')),
        ).toBe(true);
    }
  });
  it('rejects a token whose payload or signature has one byte changed', () => {
    const [v, body, sig] = signToken(payload, privateKey).split('.');
    for (const which of ['body', 'sig'] as const) {
      const bytes = Buffer.from(which === 'body' ? body : sig, 'base64url');
      for (let i = 0; i < bytes.length; i += 7) {
        const changed = Buffer.from(bytes);
        changed[i] ^= 0x01;
        const token =
          which === 'body'
            ? `${v}.${changed.toString('base64url')}.${sig}`
            : `${v}.${body}.${changed.toString('base64url')}`;
        expect(verifyToken(token, publicKey)).toBeNull();
      }
    }
  });
  it('rejects a token signed by another key', () => {
    const other = signingKeyFromSeed(createHash('sha256').update('other').digest());
    expect(verifyToken(signToken(payload, other.privateKey), publicKey)).toBeNull();
    expect(verifyToken('garbage', publicKey)).toBeNull();
  });
});
