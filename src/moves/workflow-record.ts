import { Column, VersionColumn } from 'typeorm';
import type { PersistedWorkflow } from '../../workflows/workflow.js';

/** Columns of every row that moves through a workflow. */
export abstract class WorkflowRecord {
  @Column({ type: 'varchar', length: 36, primary: true })
  id: string;

  /** The workflow state, kept beside the snapshot so it can be queried and indexed. */
  @Column({ type: 'varchar', length: 40 })
  state: string;

  @Column({ type: 'simple-json' })
  snapshot: PersistedWorkflow;

  /** Which version of the machine wrote the snapshot. */
  @Column({ type: 'integer' })
  workflowVersion: number;

  /** Optimistic lock: every write checks and bumps it. */
  @VersionColumn()
  version: number;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}
