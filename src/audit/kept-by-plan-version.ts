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
  /**
   * What is being counted or worked out, by plan and version: those asking meanwhile share it, and so share one value
   * (the committee paper is kept by it, so they wait for one paper rather than each building their own).
   */
  private readonly underWay = new Map<string, Promise<T>>();

  constructor(
    private readonly plansKept: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(inspectionId: string, version: string, work: () => Promise<T>, recount: () => Promise<string>): Promise<T> {
    const held = this.kept.get(inspectionId);
    if (held?.version === version && this.now() - held.checkedAt < KEPT_FOR_MS) return Promise.resolve(held.value);
    const key = `${inspectionId} ${version}`;
    const running = this.underWay.get(key);
    if (running) return running;
    const checking = this.check(inspectionId, version, work, recount).finally(() => this.underWay.delete(key));
    this.underWay.set(key, checking);
    return checking;
  }

  private async check(inspectionId: string, version: string, work: () => Promise<T>, recount: () => Promise<string>): Promise<T> {
    const held = this.kept.get(inspectionId);
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
