/**
 * What each of the pool's worker processes loads. Before it serves any task, the process asks
 * Linux to run it, every thread of it, only when no other thread wants a core (SCHED_IDLE): while
 * people are using the service a paper takes longer to build, and nobody waits for it. On a machine
 * kept busy on every core a task barely runs at all, so its limit counts the work it has done, not
 * the time it has taken (WorkerPool).
 */
import { execFileSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerFault } from './worker-messages.js';

try {
  // chrt is util-linux's, on every Linux; "--all-tasks" takes in the garbage collector's helper threads, and threads started later inherit it.
  execFileSync('chrt', ['--all-tasks', '--idle', '-p', '0', String(process.pid)], { stdio: 'ignore' });
} catch {
  // Elsewhere (macOS, or a container that refuses it) the lowest priority the process can give itself.
  setPriority(19);
}

// A service killed outright (not stopped) cannot stop its workers: a thread of their own ends each
// within a second, whatever its task is doing, where an idle one ends with the connection anyway.
new Worker(
  `const { workerData: service } = require('node:worker_threads');
   setInterval(() => { if (process.ppid !== service) process.kill(process.pid, 'SIGKILL'); }, 1000);`,
  { eval: true, workerData: process.ppid },
).unref();

// An error thrown outside any task ends the process: the pool is told first, so that the task under way
// is refused as failed, with the error in the log, rather than taken for one that ran out of memory.
for (const event of ['uncaughtException', 'unhandledRejection'] as const)
  process.on(event, (error: unknown) => {
    const fault: WorkerFault = { workerFault: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    process.send!(fault, () => process.exit(1));
  });

export * from './tasks.worker.js';
