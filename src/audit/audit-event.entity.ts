import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/** What moves through a workflow: the plan and its parts. */
export type PlanEntity = 'inspection' | 'improvement_area' | 'action';
export type AuditedEntity = PlanEntity | 'measure' | 'user';
export type AuditValue = string | number | boolean | null;
export type AuditDetails = Record<string, AuditValue | { from: AuditValue; to: AuditValue }>;

/** Append-only: who changed what, when, from which state to which, and why. */
@Entity('audit_events')
@Index('idx_audit_events_entity_event', ['entityId', 'event'])
@Index('idx_audit_events_inspection', ['inspectionId', 'id'])
@Index('idx_audit_events_type', ['entityType', 'id'])
export class AuditEvent {
  /** Insertion order: several entries can share a millisecond, and a history must still read in order. */
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 30 })
  entityType: AuditedEntity;

  @Column({ type: 'varchar', length: 36 })
  entityId: string;

  /** The inspection the entity belongs to, so a whole plan's history is one query; null for changes to accounts. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  inspectionId: string | null;

  @Column({ type: 'varchar', length: 60 })
  event: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  fromState: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  toState: string | null;

  @Column({ type: 'varchar', length: 36 })
  actorId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'actorId' })
  actor?: Relation<User>;

  /** Copied so the record reads the same if the person's details later change. */
  @Column({ type: 'varchar', length: 200 })
  actorName: string;

  @Column({ type: 'varchar', length: 320 })
  actorEmail: string;

  /** ISO instant (UTC). */
  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** The API token the change was made through, and the admin who issued it; null when the person acted themselves. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  apiTokenId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  apiTokenIssuedById: string | null;

  /** What changed besides the state, e.g. { dueOn: { from, to } }. */
  @Column({ type: 'simple-json', nullable: true })
  details: AuditDetails | null;
}
