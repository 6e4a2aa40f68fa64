/**
 * What each of the pool's worker processes loads. Before it serves any task, the process asks
 * Linux to run it, every thread of it, only when no other thread wants a core (SCHED_IDLE): a
 * paper takes longer to build while people are using the service, and nobody waits for it. A
 * task still runs to its time limit on a machine that is busy for a whole minute, as a process
 * that Linux runs at all gets a small share.
 */
import { execFileSync } from 'node:child_process';
import { setPriority } from 'node:os';

try {
  // chrt is util-linux's, on every Linux; "--all-tasks" takes in the garbage collector's helper threads, and threads started later inherit it.
  execFileSync('chrt', ['--all-tasks', '--idle', '-p', '0', String(process.pid)], { stdio: 'ignore' });
} catch {
  // Elsewhere (macOS, or a container that refuses it) the lowest priority the process can give itself.
  setPriority(19);
}

export * from './tasks.worker.js';
