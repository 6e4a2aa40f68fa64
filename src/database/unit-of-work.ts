import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Where every transaction starts. TypeORM's SQLite driver has one connection, so two
 * transactions in flight at once collide ("cannot start a transaction within a transaction")
 * and a read between them would see uncommitted rows: on SQLite all work here runs one
 * piece at a time. PostgreSQL has a pool and real isolation, so work there runs side by side.
 * Nothing slow (network, email) belongs inside.
 */
@Injectable()
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.dataSource.transaction(work));
  }

  /** Runs `work` outside a transaction but, on SQLite, never in the middle of one. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => work(this.dataSource.manager));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialise) return work();
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
