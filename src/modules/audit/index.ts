export { type AuditChange, recordAudit, type VerifyResult, verifyAuditChain } from './audit.service.ts';
export { auditLog } from './audit.table.ts';
