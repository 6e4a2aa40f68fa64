/**
 * What was worked out from a plan as it stood: kept under the plan's version (its latest audit entry,
 * for every change to a plan is audited) and the day (ratings depend on today), so the next read of an
 * unchanged plan on the same day costs one indexed query. Each instance keeps its own; none is ever stale,
 * because a change anywhere moves the version every instance reads from the database.
 */
export class KeptByPlanVersion<T> {
  private readonly kept = new Map<string, { version: string; value: T }>();

  constructor(private readonly plansKept: number) {}

  async get(inspectionId: string, version: string, work: () => Promise<T>): Promise<T> {
    const held = this.kept.get(inspectionId);
    if (held?.version === version) return held.value;
    const value = await work();
    this.kept.delete(inspectionId);
    if (this.kept.size >= this.plansKept) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(inspectionId, { version, value });
    return value;
  }
}
