import type { EntityManager, EntityTarget } from 'typeorm';
import type { AuditDetails, AuditValue } from '../audit/audit-event.entity.js';
import { StaleVersionError } from '../common/errors.js';
import { updateRowVersioned } from '../database/prepared-rows.js';
import type { WorkflowRecord } from './workflow-record.js';

/**
 * Writes `changes` only if the row is still at the version the caller read, and returns
 * each changed field as { from, to } for the audit trail. Fields that did not change are left out.
 */
export async function saveVersioned<T extends WorkflowRecord>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  record: T,
  expectedVersion: number,
  changes: Partial<Record<keyof T, AuditValue>>,
  label: string,
): Promise<AuditDetails> {
  if (expectedVersion !== record.version) throw new StaleVersionError(label, expectedVersion, record.version);
  const changed = Object.entries(changes).filter(([key, value]) => value !== undefined && record[key as keyof T] !== value);
  if (changed.length === 0) return {};

  const written = await updateRowVersioned<WorkflowRecord>(manager, entity, record, Object.fromEntries(changed));
  if (!written) throw new StaleVersionError(label, expectedVersion, expectedVersion + 1);

  const details: AuditDetails = {};
  for (const [key, value] of changed) details[key] = { from: record[key as keyof T] as AuditValue, to: value as AuditValue };
  Object.assign(record, Object.fromEntries(changed), { version: record.version + 1 });
  return details;
}
