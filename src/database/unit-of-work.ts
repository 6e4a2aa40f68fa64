import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { beginImmediately } from './driver-patches.js';

/**
 * Where every transaction starts. TypeORM's SQLite driver has one connection, so two
 * transactions in flight at once collide ("cannot start a transaction within a transaction")
 * and a read between them would see uncommitted rows: on SQLite all work here runs one
 * piece at a time. PostgreSQL has a pool and real isolation, so work there runs side by side.
 * Nothing slow (network, email) belongs inside.
 */
@Injectable()
export class UnitOfWork implements BeforeApplicationShutdown {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
    if (this.serialise) beginImmediately(dataSource);
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.track(this.enqueue(() => this.dataSource.transaction(work)));
  }

  /** Runs `work` outside a transaction but, on SQLite, never in the middle of one. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.track(this.enqueue(() => work(this.dataSource.manager)));
  }

  /**
   * On shutdown, before the database connections close: TypeORM hands the connections of work still
   * running back to the pool, where another request's queries could join a transaction half done.
   * Work that starts while this waits (a request already accepted) is waited for too.
   */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialise) return work();
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private track<T>(result: Promise<T>): Promise<T> {
    this.inFlight.add(result);
    const settled = () => this.inFlight.delete(result);
    result.then(settled, settled);
    return result;
  }
}
