import { KEPT_FOR_MS, KeptByPlanVersion } from '../../src/audit/kept-by-plan-version.js';

describe('what is kept by a plan’s version', () => {
  let now = 0;
  let worked = 0;
  let entries = 0;
  let recounts = 0;
  const work = () => Promise.resolve(++worked);
  const recount = () => (recounts++, Promise.resolve(String(entries)));
  const kept = new KeptByPlanVersion<number>(2, () => now);

  beforeEach(() => {
    now = 0;
    worked = 0;
    entries = 0;
    recounts = 0;
  });

  it('is worked out once for those who ask while it is being worked out', async () => {
    let finish!: () => void;
    const slow = () => new Promise<number>((done) => (finish = () => done(++worked)));
    const first = kept.get('busy plan', 'v1', slow, recount);
    const second = kept.get('busy plan', 'v1', slow, recount);
    // Counting, then the work, each once: the second waits for the first's.
    while (!finish) await Promise.resolve();
    finish();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect({ worked, recounts }).toEqual({ worked: 1, recounts: 1 });
    // Another version is worked out for itself.
    expect(await kept.get('busy plan', 'v2', work, recount)).toBe(2);
  });

  it('is worked out once while the version stays the same, and again when it moves', async () => {
    expect(await kept.get('plan', 'v1', work, recount)).toBe(1);
    now = KEPT_FOR_MS - 1;
    expect(await kept.get('plan', 'v1', work, recount)).toBe(1);
    expect(await kept.get('plan', 'v2', work, recount)).toBe(2);
  });

  it('is worked out again once it is half a minute old if the plan’s entries were counted differently (a commit below the latest id)', async () => {
    expect(await kept.get('other plan', 'v1', work, recount)).toBe(1);
    entries = 1;
    now = KEPT_FOR_MS - 1;
    expect(await kept.get('other plan', 'v1', work, recount)).toBe(1);
    now = KEPT_FOR_MS;
    expect(await kept.get('other plan', 'v1', work, recount)).toBe(2);
    now = KEPT_FOR_MS + 1;
    expect(await kept.get('other plan', 'v1', work, recount)).toBe(2);
  });

  it('is kept another half minute, not worked out again, when the count has not moved, and counted only then', async () => {
    expect(await kept.get('quiet plan', 'v1', work, recount)).toBe(1);
    expect(recounts).toBe(1);
    now = KEPT_FOR_MS;
    expect(await kept.get('quiet plan', 'v1', work, recount)).toBe(1);
    expect(recounts).toBe(2);
    now = 2 * KEPT_FOR_MS - 1;
    expect(await kept.get('quiet plan', 'v1', work, recount)).toBe(1);
    expect(recounts).toBe(2);
    entries = 1;
    now = 2 * KEPT_FOR_MS;
    expect(await kept.get('quiet plan', 'v1', work, recount)).toBe(2);
    // Counted once, the count that found the change standing for the new value.
    expect(recounts).toBe(3);
  });

  it('keeps only as many plans as it was told', async () => {
    await kept.get('a', 'v', work, recount);
    await kept.get('b', 'v', work, recount);
    await kept.get('c', 'v', work, recount);
    expect(await kept.get('c', 'v', work, recount)).toBe(3);
    expect(await kept.get('a', 'v', work, recount)).toBe(4);
  });
});
