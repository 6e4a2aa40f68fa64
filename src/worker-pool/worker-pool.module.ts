import { Global, Module } from '@nestjs/common';
import { DEFAULT_WORKER_LIMITS, WORKER_LIMITS, WorkerPool } from './worker-pool.service.js';

/** The worker processes every feature hands its heavy work to. */
@Global()
@Module({
  providers: [{ provide: WORKER_LIMITS, useValue: DEFAULT_WORKER_LIMITS }, WorkerPool],
  exports: [WorkerPool],
})
export class WorkerPoolModule {}
