import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A council officer: named on actions, areas and every audit entry. */
@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 320, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}
