import { describe, expect, it } from 'vitest';
import { appealLimitReached, MAX_APPEALS_PER_RECORD, newEvidenceMissing, type PriorAppeal } from './appeals.policy.ts';

const dismissed = (reason: string, attachmentHashes: string[] = []): PriorAppeal => ({
  status: 'dismissed',
  reason,
  attachmentHashes,
});

describe('filing again on one record (docs/appeals.md § Filing again)', () => {
  it('counts every earlier appeal, whatever its outcome, up to MAX_APPEALS_PER_RECORD', () => {
    const two: PriorAppeal[] = [dismissed('a'), { status: 'upheld', reason: 'b', attachmentHashes: [] }];
    expect(appealLimitReached(two)).toBeNull();
    expect(MAX_APPEALS_PER_RECORD).toBe(3);
    expect(appealLimitReached([...two, { status: 'open', reason: 'c', attachmentHashes: [] }])).toMatchObject({
      status: 409,
      code: 'APPEAL_LIMIT',
      zh: '该记录已申诉 3 次，不再受理；如仍有异议，可依法申请行政复议',
    });
  });

  it('asks for new evidence only when the last appeal was dismissed', () => {
    expect(newEvidenceMissing([], { reason: 'x', attachmentHashes: [] })).toBeNull();
    const upheldLast: PriorAppeal[] = [dismissed('old'), { status: 'upheld', reason: 'old', attachmentHashes: [] }];
    expect(newEvidenceMissing(upheldLast, { reason: 'old', attachmentHashes: [] })).toBeNull();
  });

  it('new evidence: a file not filed on the record before and a text unlike any dismissed one', () => {
    const prior = [dismissed('第一次 理由', ['h1']), dismissed('第二次理由', ['h2'])];
    const refused = (reason: string, attachmentHashes: string[]) =>
      newEvidenceMissing(prior, { reason, attachmentHashes })?.details;
    expect(refused('新的理由', [])).toEqual({ field: 'files' });
    expect(refused('新的理由', ['h1'])).toEqual({ field: 'files' });
    expect(refused('第一次理由', ['h3'])).toEqual({ field: 'reason' });
    expect(refused(' 第二次理由 ', ['h3'])).toEqual({ field: 'reason' });
    expect(refused('新的理由', ['h1', 'h3'])).toBeUndefined();
  });
});
