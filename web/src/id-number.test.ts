import { describe, expect, it } from 'vitest';
import { idNumberHint } from './id-number.ts';

describe('the ID number hint while typing', () => {
  it('counts what is missing, then checks the birth date and the check digit', () => {
    expect(idNumberHint('')).toBeNull();
    expect(idNumberHint('3203')).toMatchObject({ ok: false, zh: '还差 14 位' });
    expect(idNumberHint('32031119940918731X')).toMatchObject({ ok: false, zh: expect.stringContaining('校验码') });
    expect(idNumberHint('320311199413187319')).toMatchObject({ ok: false, zh: expect.stringContaining('出生日期') });
    expect(idNumberHint('3203a1')).toMatchObject({ ok: false, en: 'digits only; the last may be X' });
    expect(idNumberHint('320311199409187319')).toEqual({ ok: true });
  });
});
