import { describe, expect, it } from 'vitest';
import { retryTransient } from './retry.ts';

const refusal = (code: string) => Object.assign(new Error(code), { code });

describe('retryTransient', () => {
  it('runs a transaction again after a deadlock or a serialization failure, up to the limit', async () => {
    let calls = 0;
    expect(
      await retryTransient(async () =>
        ++calls < 3 ? Promise.reject(refusal(calls === 1 ? '40P01' : '40001')) : 'done',
      ),
    ).toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw refusal('40P01');
      }, 2),
    ).rejects.toThrow('40P01');
    expect(calls).toBe(2);
  });

  it('does not run again what failed for any other reason', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw refusal('23505');
      }),
    ).rejects.toThrow('23505');
    await expect(
      retryTransient(async () => {
        calls++;
        throw new Error('no code');
      }),
    ).rejects.toThrow('no code');
    expect(calls).toBe(2);
  });
});
