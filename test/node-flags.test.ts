import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DEFAULT_WORKER_LIMITS } from '../src/worker-pool/worker-pool.service.js';
import { serviceNodeFlags } from './bench/http.bench.js';

const run = promisify(execFile);

/** What a Node process started with `flags` reports as JSON from `script` (an ES module given as text). */
async function inNode<T>(flags: string[], script: string): Promise<T> {
  const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '--eval', script]);
  return JSON.parse(stdout) as T;
}

const MiB = 2 ** 20;

/** The heap limits of the main thread and of a worker given the pool's own heap limit. */
const HEAP_LIMITS = `
  import { Worker } from 'node:worker_threads';
  import { getHeapStatistics } from 'node:v8';
  // The worker's code is a module too, like the process's (--input-type=module).
  const worker = new Worker("import { parentPort } from 'node:worker_threads'; import { getHeapStatistics } from 'node:v8'; parentPort.postMessage(getHeapStatistics().heap_size_limit);", {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: ${DEFAULT_WORKER_LIMITS.heapMb} },
  });
  worker.once('message', (workerLimit) => {
    console.log(JSON.stringify({ main: getHeapStatistics().heap_size_limit, worker: workerLimit }));
    void worker.terminate();
  });
`;

/**
 * The thread that answers requests under load: 32 requests in flight, each holding what it has
 * built until it is answered (more than the young generation holds, so it is promoted and dies in
 * the old), beside tens of megabytes that the process keeps for good, as the service keeps its libraries.
 * Answers the largest heap V8 reserved meanwhile.
 */
const UNDER_LOAD = `
  const kept = Array.from({ length: 60 }, () => Array.from({ length: 8192 }, (_, i) => ({ i, text: 'kept ' + i })));
  const inFlight = [];
  let largest = 0;
  for (let request = 0; request < 6000; request += 1) {
    inFlight[request % 32] = Array.from({ length: 4000 }, (_, i) => ({ request, i, text: 'row ' + i }));
    if (request % 10 === 0) largest = Math.max(largest, process.memoryUsage().heapTotal);
  }
  console.log(JSON.stringify({ largest, kept: kept.length }));
`;

describe("npm start's Node flags", () => {
  it('leave each worker the heap limit the pool gives it, and put no limit on the main thread', async () => {
    const flags = serviceNodeFlags();
    const bare = await inNode<{ main: number; worker: number }>([], HEAP_LIMITS);
    const service = await inNode<{ main: number; worker: number }>(flags, HEAP_LIMITS);

    // A process-wide heap flag would override the worker's own limit: with --max-old-space-size=128
    // every worker got 176 MB and every committee paper of 2,000 actions was refused.
    expect(service.worker / MiB).toBeGreaterThanOrEqual(DEFAULT_WORKER_LIMITS.heapMb);
    expect(service.worker).toBe(bare.worker);
    // No cap, so no "JavaScript heap out of memory" where there was none before.
    expect(service.main).toBe(bare.main);
  });

  it('keep the main thread’s heap near what it holds under load, where V8 alone lets it grow', async () => {
    const bare = await inNode<{ largest: number }>([], UNDER_LOAD);
    const service = await inNode<{ largest: number }>(serviceNodeFlags(), UNDER_LOAD);

    expect(service.largest).toBeLessThan(bare.largest * 0.75);
  });
});
