/** Row types of migration 0006_security: audit checkpoints and payment idempotency keys. */
import type { Selectable } from 'kysely';
import type { Timestamp } from './registry.ts';

export interface AuditCheckpointsTable {
  key_id: string;
  seq: number;
  hash: string;
  at: Timestamp;
  signature: string;
}

export interface PaymentKeysTable {
  idempotency_key: string;
  organisation_id: string;
  application_id: string;
  stage_id: string;
  payment_id: string;
  created_at: Timestamp;
}

export interface SecurityTables {
  audit_checkpoints: AuditCheckpointsTable;
  payment_keys: PaymentKeysTable;
}

export type AuditCheckpointRow = Selectable<AuditCheckpointsTable>;
export type PaymentKeyRow = Selectable<PaymentKeysTable>;
