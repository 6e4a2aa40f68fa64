import { readFileSync } from 'node:fs';

/**
 * Calls `passed` once worker process `pid` has done `limitMs` of work since now: CPU time, all its
 * threads', from Linux's /proc. A worker runs only on a core nobody else wants, so on a busy machine
 * the time a task takes says little of the work it has done, and a real report or paper is not
 * stopped for time it was not given. Where /proc cannot be read, the time taken stands in for it.
 * Answers a function that stops the count.
 */
export function workLimit(pid: number, limitMs: number, passed: () => void): () => void {
  const startedAt = cpuMs(pid);
  if (startedAt === undefined) {
    const timer = setTimeout(passed, limitMs);
    return () => clearTimeout(timer);
  }
  const timer = setInterval(
    () => {
      const now = cpuMs(pid);
      // A process that has gone ends its task with an error of its own.
      if (now === undefined) clearInterval(timer);
      else if (now - startedAt >= limitMs) {
        clearInterval(timer);
        passed();
      }
    },
    Math.min(250, limitMs),
  );
  return () => clearInterval(timer);
}

/** A process's CPU time so far, in ms: its user and system time from /proc/<pid>/stat, counted in Linux's hundredths of a second. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command's name, which is in brackets and may hold spaces: user time is the 14th field in all, system time the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
