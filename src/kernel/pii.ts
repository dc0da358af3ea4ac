import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { detached } from './ids.ts';

/**
 * Protection of identity numbers (身份证号): stored encrypted (AES-256-GCM), found through a keyed
 * hash (blind index), shown masked. Keys derive from the configured PII key so that the two uses
 * never share a key.
 */
export class PiiVault {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;
  constructor(masterKey: Buffer) {
    this.encKey = createHmac('sha256', masterKey).update('jineng:pii:enc').digest();
    this.indexKey = createHmac('sha256', masterKey).update('jineng:pii:index').digest();
  }

  private readonly index = new BlindIndexer(() => this.indexKey);

  /** Blind index: the same number always gives the same key; the key reveals nothing without the secret. */
  blindIndex(idNumber: string): string {
    return this.index.blindIndex(idNumber);
  }

  /**
   * The blind index's own key (derived, not the master key), for the import's parsing threads in
   * this process (BlindIndexer): they compute person keys but can neither encrypt nor decrypt.
   */
  blindIndexKey(): Buffer {
    return Buffer.from(this.indexKey);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown PII ciphertext version');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** 320102199001011234 → 3201**********1234: first four and last four characters kept. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

/** 张三丰 → 张*丰, 张三 → 张*: names on public pages. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length >= 7
    ? phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4)
    : '*'.repeat(phone.length);
}

const ID_LIKE = /\b(\d{6})(\d{8})(\d{3}[\dXx])\b/g;
/** Masks anything that looks like an identity number in free text (logs, error messages). */
export function maskIdsInText(text: string): string {
  return text.replace(ID_LIKE, (m) => maskIdNumber(m));
}

/** Computes blind indexes from the index key alone (PiiVault.blindIndexKey). */
export class BlindIndexer {
  // Attendance files repeat each person many times: a bounded cache spares the HMAC set-up per row.
  private readonly cache = new Map<string, string>();
  private readonly key: () => Buffer;
  constructor(key: Buffer | (() => Buffer)) {
    this.key = typeof key === 'function' ? key : () => key;
  }

  blindIndex(idNumber: string): string {
    const id = idNumber.toUpperCase();
    let key = this.cache.get(id);
    if (key === undefined) {
      key = createHmac('sha256', this.key()).update(id).digest('base64url').slice(0, 32);
      if (this.cache.size >= 50_000) this.cache.clear();
      this.cache.set(detached(id), key);
    }
    return key;
  }
}
