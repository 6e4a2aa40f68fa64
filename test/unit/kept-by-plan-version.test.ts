import { KEPT_FOR_MS, KeptByPlanVersion } from '../../src/audit/kept-by-plan-version.js';

describe('what is kept by a plan’s version', () => {
  let now = 0;
  let worked = 0;
  const work = () => Promise.resolve(++worked);
  const kept = new KeptByPlanVersion<number>(2, () => now);

  beforeEach(() => {
    now = 0;
    worked = 0;
  });

  it('is worked out once while the version stays the same, and again when it moves', async () => {
    expect(await kept.get('plan', 'v1', work)).toBe(1);
    now = KEPT_FOR_MS - 1;
    expect(await kept.get('plan', 'v1', work)).toBe(1);
    expect(await kept.get('plan', 'v2', work)).toBe(2);
  });

  it('is worked out again once it is a few seconds old, though the version has not moved (a commit below the latest id)', async () => {
    expect(await kept.get('other plan', 'v1', work)).toBe(1);
    now = KEPT_FOR_MS;
    expect(await kept.get('other plan', 'v1', work)).toBe(2);
    now = KEPT_FOR_MS + 1;
    expect(await kept.get('other plan', 'v1', work)).toBe(2);
  });

  it('keeps only as many plans as it was told', async () => {
    await kept.get('a', 'v', work);
    await kept.get('b', 'v', work);
    await kept.get('c', 'v', work);
    expect(await kept.get('c', 'v', work)).toBe(3);
    expect(await kept.get('a', 'v', work)).toBe(4);
  });
});
