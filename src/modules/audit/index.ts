export {
  type AuditChange,
  auditAppendStatement,
  auditLockCall,
  lockAuditChain,
  recordAudit,
  type VerifyResult,
  verifyAuditChain,
} from './audit.service.ts';
export { auditLog } from './audit.table.ts';
