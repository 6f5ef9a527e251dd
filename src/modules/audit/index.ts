export {
  type AuditChange,
  lockAuditChain,
  recordAudit,
  type VerifyResult,
  verifyAuditChain,
} from './audit.service.ts';
export { auditLog } from './audit.table.ts';
