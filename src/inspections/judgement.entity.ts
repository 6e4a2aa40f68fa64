import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Inspection } from './inspection.entity.js';

/** One graded judgement of an inspection, on its framework's scale. */
@Entity('judgements')
@Index('idx_judgements_inspectionId', ['inspectionId'])
export class Judgement {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  inspectionId: string;

  @ManyToOne(() => Inspection)
  @JoinColumn({ name: 'inspectionId' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  area: string;

  @Column({ type: 'varchar', length: 40 })
  grade: string;
}
