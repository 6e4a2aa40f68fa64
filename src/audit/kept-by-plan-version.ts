/**
 * What was worked out from a plan as it stood: kept under the plan's version (its latest audit entry,
 * for every change to a plan is audited) and the day (ratings depend on today), so the next read of an
 * unchanged plan on the same day costs one indexed query. Each instance keeps its own.
 *
 * A version alone can miss a change on PostgreSQL: ids are handed out as entries are written, not as
 * their transactions commit, so a slow transaction (a plan's submission, say) can commit an entry below
 * the latest id a reader has already seen. What is kept is therefore worked out again once it is half a
 * minute old, whatever the version says: such a change shows within half a minute, not at the next change.
 */
export class KeptByPlanVersion<T> {
  private readonly kept = new Map<string, { version: string; value: T; keptAt: number }>();

  constructor(
    private readonly plansKept: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(inspectionId: string, version: string, work: () => Promise<T>): Promise<T> {
    const held = this.kept.get(inspectionId);
    if (held?.version === version && this.now() - held.keptAt < KEPT_FOR_MS) return held.value;
    const keptAt = this.now();
    const value = await work();
    this.kept.delete(inspectionId);
    if (this.kept.size >= this.plansKept) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(inspectionId, { version, value, keptAt });
    return value;
  }
}

/**
 * The longest a change committed below the latest id goes unseen. Working a large plan out again holds the
 * event loop for tens of milliseconds, so a busy dashboard should not do it every few seconds.
 */
export const KEPT_FOR_MS = 30_000;
