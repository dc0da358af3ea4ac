import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange } from './media-store.ts';

/** HTTP Range on a module's media (docs/online-learning.md § Media): one range served, anything else whole or 416. */
describe('parseRange', () => {
  it('serves one range inside the object, clipped to its end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.nat(), fc.nat(), (size, a, b) => {
        const r = parseRange(`bytes=${a}-${b}`, size);
        if (a >= size || b < a) expect(r).toBe('unsatisfiable');
        else expect(r).toEqual({ start: a, end: Math.min(b, size - 1) });
      }),
    );
  });

  it('ignores several ranges and other units: the whole object (RFC 9110 § 14.2)', () => {
    const spec = fc.oneof(
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}-${b}`),
      fc.nat().map((n) => `-${n}`),
      fc.nat().map((n) => `${n}-`),
    );
    fc.assert(
      fc.property(fc.array(spec, { minLength: 2, maxLength: 5 }), fc.integer({ min: 0, max: 1e9 }), (specs, size) => {
        expect(parseRange(`bytes=${specs.join(',')}`, size)).toBeNull();
      }),
    );
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('BYTES=0-1', 10)).toEqual({ start: 0, end: 1 });
  });

  it('refuses empty, zero-length and malformed single ranges (416)', () => {
    for (const h of ['bytes=-', 'bytes=-0', 'bytes=1-0', 'bytes=a-b', 'bytes=5-', 'bytes=0x1-2'])
      expect(parseRange(h, 5), h).toBe('unsatisfiable');
    expect(parseRange(undefined, 5)).toBeNull();
  });
});
