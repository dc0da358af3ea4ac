/** 职业院校社会培训工作量折算 (plan 二、工作举措（一）): the colleges' workload, income, costs and performance-pay cap. */
export { collegesWorkload, collegeWorkload, collegeSessions, convert, type CollegeYear } from './workload.ts';
export { reportCollegeFinances, type CollegeFinancesInput } from './finances.ts';
export { loadCollegeParameters, COLLEGE_TYPES, type CollegeParameters } from './parameters.ts';
