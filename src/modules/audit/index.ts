export { recordAudit, verifyAuditChain, historyOf, canonicalJson, type AuditEntry, type ChainReport } from './audit.service.ts';
export { auditRoutes } from './audit.routes.ts';
