/** 职工教育经费 (plan 二、工作举措（二）): enterprises' staff-education funds and the front-line share. */
export { listFunds, setFundReport, type FundCheck } from './reports.ts';
export { uploadFundReports, listFundUploads } from './upload.ts';
export { belowFrontLineShare, frontLineShareBp, type ShareFinding } from './share-rule.ts';
export { checkFundRow, FUND_COLUMNS, type FundRow, type FundRowError } from './fund-rows.ts';
export { loadEdufundParameters } from './parameters.ts';
