import { Column, VersionColumn } from 'typeorm';
import type { PersistedWorkflow, WorkflowContext } from '../../workflows/workflow.js';

/** Columns of every row that moves through a workflow, typed by its machine's states and context. */
export abstract class WorkflowRecord<TState extends string = string, TContext extends object = WorkflowContext> {
  @Column({ type: 'varchar', length: 36, primary: true })
  id: string;

  /** The workflow state, kept beside the snapshot so it can be queried and indexed. */
  @Column({ type: 'varchar', length: 40 })
  state: TState;

  @Column({ type: 'simple-json' })
  snapshot: PersistedWorkflow<TContext>;

  /** Which version of the machine wrote the snapshot. */
  @Column({ type: 'integer' })
  workflowVersion: number;

  /** Optimistic lock: every write checks and bumps it. */
  @VersionColumn()
  version: number;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}
