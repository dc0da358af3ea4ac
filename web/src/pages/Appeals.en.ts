/**
 * English of 申诉 and 公示 (Appeals.tsx, MyAppeals.tsx, AppealButton.tsx, PublicNotices.tsx), merged
 * into the one dictionary (i18n.ts `EN`).
 */
export const APPEALS_EN: Record<string, string> = {
  仅看逾期未答复: 'Overdue only',
  '以下补贴已审核通过，正在公示。如有异议，请在公示期内提出，所在城市人社部门将核实处理。':
    'These subsidies were approved and are in public notice. Object within the notice period; the city’s bureau will look into it.',
  全部城市: 'All cities',
  公示期: 'Notice period',
  可申诉的记录: 'Records you may appeal',
  处理意见: 'Answer',
  '本申诉由{city}人社部门（或省厅）处理，培训机构可查看但不能处理':
    'This appeal is decided by the {city} bureau (or the province); the institution may read it but not decide it',
  '学时申诉针对身份核验结果，而机构的补贴随学时增减，故由人社部门处理。您可查看申诉理由和证明材料；处理结果将告知申诉人，并在此显示。':
    'A learning-time appeal contests an identity re-check, and the institution’s subsidy grows with the hours, so the bureau decides it. You may read the reason and the evidence; the answer goes to the appellant and is shown here.',
  '处理意见（将告知申诉人）': 'Answer (the worker reads it)',
  处理结果: 'Outcome',
  已逾期: 'Overdue',
  '异议已收到，将由所在城市人社部门核实': 'Objection received; the city’s bureau will look into it',
  '异议理由（5–500字）': 'Reason (5–500 characters)',
  当前没有公示中的补贴: 'No subsidy is in public notice now',
  我的申诉: 'My appeals',
  提交处理意见: 'Submit the answer',
  提交异议: 'Submit the objection',
  提交时间: 'Filed',
  提交申诉: 'File the appeal',
  提出异议: 'Object',
  无附件: 'No attachments',
  '暂无申诉。对不予补贴、暂缓或失败的发放、未计入的考勤有异议时，可在“我的补贴”“我的培训”中申诉。':
    'No appeals. To contest a rejection, a withheld or failed payment or an attendance record that does not count, appeal from My subsidies or My training.',
  查看: 'View',
  申诉: 'Appeal',
  申诉人: 'Appellant',
  申诉处理: 'Appeals',
  申诉处理中: 'Appeal open',
  申诉对象: 'Contested',
  '申诉已提交，请在“我的申诉”中查看处理结果': 'Appeal filed; follow it under My appeals',
  申诉理由: 'Reason',
  '申诉理由（10–500字）': 'Reason (10–500 characters)',
  申诉详情: 'Appeal',
  答复期限: 'Answer due by',
  联系方式: 'Contact',
  '联系方式（选填，仅核实人员可见）': 'Contact (optional; only the officials checking see it)',
  补贴公示: 'Subsidies in public notice',
  记录: 'Record',
  '证明材料（照片或PDF，最多3个，每个不超过5MB）': 'Evidence (photos or PDF, up to 3, 5 MB each)',
  '请填写申诉理由（10–500字）': 'Give the reason (10–500 characters)',
  附件: 'Attachments',
  选择文件: 'Choose files',
  处理: 'Decide',
  不再受理: 'No further appeal',
  '该记录申诉次数已满，不再受理；如仍有异议，可依法申请行政复议':
    'This record has had all the appeals it may have; you may apply for administrative review',
  '上次申诉未获支持，再次申诉须提供新的证明材料':
    'Your last appeal was dismissed; a new appeal must bring new evidence',
  '请上传至少一个此前未提交过的附件（照片或文件），并写明与上次不同的申诉理由。':
    'Attach at least one photo or file not filed before, and give a reason that differs from the last one.',
};
