import type { ActionPlanContext, ActionPlanState } from '../../workflows/action-plan.machine.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { WorkflowRecord } from '../moves/workflow-record.js';
import { Authority } from './authority.entity.js';

/** An Ofsted inspection or visit; its workflow is the action plan's as a whole. */
@Entity('inspections')
@Index('idx_inspections_authorityId', ['authorityId'])
export class Inspection extends WorkflowRecord<ActionPlanState, ActionPlanContext> {
  @Column({ type: 'varchar', length: 36 })
  authorityId: string;

  @ManyToOne(() => Authority)
  @JoinColumn({ name: 'authorityId' })
  authority?: Relation<Authority>;

  @Column({ type: 'varchar', length: 40 })
  framework: string;

  @Column({ type: 'date', nullable: true })
  startedOn: string | null;

  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  leadInspector: string | null;

  @Column({ type: 'date' })
  publishedOn: string;

  /** When the council received the report: the statutory clock starts the next working day. */
  @Column({ type: 'date' })
  receivedOn: string;

  /** The council has said when it received the report; until then receivedOn is the publication date, and dates counted from it are provisional. */
  @Column({ type: 'boolean', default: false })
  receiptConfirmed: boolean;

  /** Ofsted named "areas for priority action" (focused visits then need a plan). */
  @Column({ type: 'boolean' })
  priorityAction: boolean;

  @Column({ type: 'varchar', length: 40, nullable: true })
  overallEffectiveness: string | null;

  /**
   * Whether Ofsted's letter asks for a plan where the framework leaves it to the letter (a JTAI's
   * written statement); null until recorded, and meanwhile counted as asked for, so no date is missed.
   */
  @Column({ type: 'boolean', nullable: true })
  statementRequired: boolean | null;

  /** Who leads the plan where the letter names a principal authority (a JTAI): the council or a partner agency. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  principalAuthority: string | null;

  /** The dates Ofsted's letter gives for the draft and the final plan: when recorded, they are the deadlines. */
  @Column({ type: 'date', nullable: true })
  statedDraftPlanDueOn: string | null;

  @Column({ type: 'date', nullable: true })
  statedActionPlanDueOn: string | null;

  /** The deadlines the council works to: Ofsted's stated date where there is one, otherwise counted from receipt. */
  @Column({ type: 'date', nullable: true })
  draftPlanDueOn: string | null;

  @Column({ type: 'date', nullable: true })
  actionPlanDueOn: string | null;

  /** Who leads the plan: warned as the statutory deadline approaches. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  planLeadId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'planLeadId' })
  planLead?: Relation<User>;

  /** The committee that reviews the plan's progress, as its papers name it. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  scrutinyCommittee: string | null;

  /** The committee's clerk: reminded as each review approaches. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  scrutinyClerkId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'scrutinyClerkId' })
  scrutinyClerk?: Relation<User>;
}
