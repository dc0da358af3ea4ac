export {
  recordAudit,
  verifyAuditChain,
  historyOf,
  canonicalJson,
  useAuditKey,
  chainHeadAtClose,
  type AuditEntry,
  type ChainReport,
  type ChainFinding,
} from './audit.service.ts';
export { upsertChanged, keyedWriter, type UpsertSpec, type UpsertCounts } from './audited-upsert.ts';
