import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { workLimit } from '../../src/worker-pool/work-limit.js';

/** A Node process that says "ready" once started, then runs `then`. */
async function started(then: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `process.stdout.write('ready'); ${then}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return child;
}

describe("a task's work limit", () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  it('counts the work its process does, not the time it takes', async () => {
    const busy = await started('for (;;) {}');
    const idle = await started('setInterval(() => {}, 1000)');
    children.push(busy, idle);
    const passed: string[] = [];

    // Counted by the clock, the idle process's shorter limit would pass first.
    const stopIdle = workLimit(idle.pid!, 200, () => passed.push('idle'));
    await new Promise<void>((done) => workLimit(busy.pid!, 500, () => (passed.push('busy'), done())));
    stopIdle();

    expect(passed).toEqual(['busy']);
  });
});
