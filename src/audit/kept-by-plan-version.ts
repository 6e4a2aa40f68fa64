/**
 * What was worked out from a plan as it stood: kept under the plan's version (its latest audit entry,
 * for every change to a plan is audited) and the day (ratings depend on today), so the next read of an
 * unchanged plan on the same day costs one indexed query. Each instance keeps its own.
 *
 * A version alone can miss a change on PostgreSQL: ids are handed out as entries are written, not as
 * their transactions commit, so a slow transaction (a plan's submission, say) can commit an entry below
 * the latest id a reader has already seen. So once what is kept is half a minute old, the plan's entries
 * are counted (`recount`): what is kept is worked out again if the count has moved, and kept for another
 * half minute if not. Such a change shows within half a minute, and an unchanged large plan is not
 * worked out again (tens of milliseconds of the event loop) every half minute while it is busy.
 */
export class KeptByPlanVersion<T> {
  private readonly kept = new Map<string, { version: string; count: string; value: T; checkedAt: number }>();

  constructor(
    private readonly plansKept: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(inspectionId: string, version: string, work: () => Promise<T>, recount: () => Promise<string>): Promise<T> {
    const held = this.kept.get(inspectionId);
    if (held?.version === version && this.now() - held.checkedAt < KEPT_FOR_MS) return held.value;
    const checkedAt = this.now();
    // Counted before the work reads the plan: a change committed in between is counted again next time.
    const count = await recount();
    if (held?.version === version && held.count === count) {
      held.checkedAt = checkedAt;
      return held.value;
    }
    const value = await work();
    this.kept.delete(inspectionId);
    if (this.kept.size >= this.plansKept) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(inspectionId, { version, count, value, checkedAt });
    return value;
  }
}

/** The longest a change committed below the latest id goes unseen. */
export const KEPT_FOR_MS = 30_000;
