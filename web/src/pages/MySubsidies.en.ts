/**
 * English of 我的补贴 (MySubsidies.tsx), merged into the one dictionary (i18n.ts `EN`). Kept beside
 * the page so the page's words travel with it; `{n}` placeholders are filled by the page.
 */
export const MY_SUBSIDIES_EN: Record<string, string> = {
  可享培训补贴: 'Training subsidies open to you',
  '还剩 {n} 次（今年 {m} 次）': '{n} left ({m} this year)',
  '一生最多 {limit} 次，已享受 {used} 次': 'At most {limit} in a lifetime; {used} received',
  暂不能享受职业培训补贴: 'Training subsidies are not open to you at present',
  '今年还剩 {n} 次': '{n} left this year',
  '其中非紧缺职业 {m} 次；失业保险已缴 {months} 个月（须满 {min} 个月）':
    'of them {m} for an occupation not on the shortage list; unemployment insurance paid for {months} months ({min} needed)',
  暂不能享受技能提升补贴: 'Skill-upgrade subsidies are not open to you at present',
  '{year}年已享受补贴 {used} 次，还可享受 {left} 次（每年最多 {limit} 次，两类合计）':
    'In {year} you received {used} subsidies and may receive {left} more (at most {limit} a year, both kinds together)',
  '您有 {n} 项申请待审核，以上次数已按政策规则预先计入。':
    'You have {n} application(s) awaiting a decision; the figures above already count them as the rules will decide.',
  '按现行补贴政策计算，截至 {date}': 'Under the current subsidy policy, as of {date}',
  基础: 'Base',
  系数: ' factor',
  申领: 'Claim',
  已申请: 'Applied',
  不可申领: 'Not claimable',
  '申领后将人工复核，复核通过前暂缓发放：': 'A claim will be reviewed by an officer and paid only when cleared:',
  发证: 'issued',
  '申领截止 {date}': 'Claim by {date}',
  '（还剩 {n} 天）': ' ({n} days left)',
  '（已过申领期限）': '(the claim period is over)',
  可申领的证书: 'Certificates you can claim on',
  暂无可申领补贴的证书: 'No certificate can be claimed on at present',
  '其他证书（{n}）': 'Other certificates ({n})',
  我的申请与补贴决定: 'My applications and decisions',
  暂无申请: 'No applications yet',
  公示期: 'Notice',
  发放: 'Payment',
  追回: 'Recovery',
  复核原因: 'Review',
  待下一次结算按政策规则决定: 'To be decided by the next settlement, by the policy’s rules',
  '金额为按政策规则的预计金额，以结算决定为准；日期均为北京时间。':
    'Amounts are expected by the policy’s rules; the settlement decision is final. Dates are China time.',
};
