import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { serviceNodeFlags } from './bench/http.bench.js';

const run = promisify(execFile);

/** What a Node process started with `flags` reports as JSON from `script` (an ES module given as text). */
async function inNode<T>(flags: string[], script: string): Promise<T> {
  const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '--eval', script]);
  return JSON.parse(stdout) as T;
}

/** The main thread's heap limit. */
const HEAP_LIMIT = `
  import { getHeapStatistics } from 'node:v8';
  console.log(JSON.stringify(getHeapStatistics().heap_size_limit));
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
  it('put no limit on the main thread', async () => {
    // No cap, so no "JavaScript heap out of memory" where there was none before.
    expect(await inNode<number>(serviceNodeFlags(), HEAP_LIMIT)).toBe(await inNode<number>([], HEAP_LIMIT));
  });

  it('keep the main thread’s heap near what it holds under load, where V8 alone lets it grow', async () => {
    const bare = await inNode<{ largest: number }>([], UNDER_LOAD);
    const service = await inNode<{ largest: number }>(serviceNodeFlags(), UNDER_LOAD);

    expect(service.largest).toBeLessThan(bare.largest * 0.75);
  });
});
