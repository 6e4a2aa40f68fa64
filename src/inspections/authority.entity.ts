import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A council with children's services responsibilities. */
@Entity('authorities')
export class Authority {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;
}
