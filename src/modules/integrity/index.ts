export { detectBaselineFlags, flagCodesFor } from './baseline-flags.ts';
