import { In, type EntityManager } from 'typeorm';
import { ScrutinyReview, ScrutinyReviewOutcome } from './scrutiny-review.entity.js';

/** Every read and write of scrutiny reviews and their outcomes: the feature's one road to the database. */
export const reviewRepository = {
  byId(manager: EntityManager, id: string): Promise<ScrutinyReview | null> {
    return manager.findOneBy(ScrutinyReview, { id });
  },

  byIds(manager: EntityManager, ids: readonly string[]): Promise<ScrutinyReview[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.findBy(ScrutinyReview, { id: In([...ids]) });
  },

  inPlan(manager: EntityManager, inspectionId: string, reviewId: string): Promise<ScrutinyReview | null> {
    return manager.findOneBy(ScrutinyReview, { id: reviewId, inspectionId });
  },

  /** A plan's reviews, first to last. */
  ofPlan(manager: EntityManager, inspectionId: string): Promise<ScrutinyReview[]> {
    return manager.find(ScrutinyReview, { where: { inspectionId }, order: { sequence: 'ASC' } });
  },

  /** The next review still to be held, of each of these plans. */
  async nextOfPlans(manager: EntityManager, inspectionIds: readonly string[]): Promise<Map<string, ScrutinyReview>> {
    if (inspectionIds.length === 0) return new Map();
    // Latest first, so each plan's earliest scheduled review is the one left in the map.
    const scheduled = await manager.find(ScrutinyReview, {
      where: { inspectionId: In([...inspectionIds]), status: 'scheduled' },
      order: { sequence: 'DESC' },
    });
    return new Map(scheduled.map((review) => [review.inspectionId, review]));
  },

  async nextOfPlan(manager: EntityManager, inspectionId: string): Promise<ScrutinyReview | null> {
    return (await reviewRepository.nextOfPlans(manager, [inspectionId])).get(inspectionId) ?? null;
  },

  heldOn(manager: EntityManager, inspectionId: string, meetingOn: string): Promise<ScrutinyReview | null> {
    return manager.findOneBy(ScrutinyReview, { inspectionId, status: 'held', meetingOn });
  },

  async nextSequence(manager: EntityManager, inspectionId: string): Promise<number> {
    return ((await manager.maximum(ScrutinyReview, 'sequence', { inspectionId })) ?? 0) + 1;
  },

  async insert(manager: EntityManager, review: ScrutinyReview): Promise<void> {
    await manager.insert(ScrutinyReview, review);
  },

  /** Moves a scheduled review to the day the committee meets; false when someone else changed or held it first. */
  async reschedule(manager: EntityManager, review: ScrutinyReview, dueOn: string): Promise<boolean> {
    const moved = await manager.update(
      ScrutinyReview,
      { id: review.id, status: 'scheduled', dueOn: review.dueOn, meetingSet: review.meetingSet },
      { dueOn, meetingSet: true },
    );
    return moved.affected === 1;
  },

  /** Marks a scheduled review held; false when someone else recorded it first. */
  async hold(manager: EntityManager, review: ScrutinyReview, record: Partial<ScrutinyReview>): Promise<boolean> {
    const held = await manager.update(ScrutinyReview, { id: review.id, status: 'scheduled' }, record);
    return held.affected === 1;
  },

  async insertOutcomes(manager: EntityManager, outcomes: ScrutinyReviewOutcome[]): Promise<void> {
    if (outcomes.length > 0) await manager.insert(ScrutinyReviewOutcome, outcomes);
  },

  /** The committee's latest word on an area, with the review it came from; null before the area's first review. */
  async latestOutcomeOfArea(
    manager: EntityManager,
    areaId: string,
  ): Promise<{ review: ScrutinyReview; outcome: ScrutinyReviewOutcome } | null> {
    const outcomes = await manager.findBy(ScrutinyReviewOutcome, { areaId });
    const reviews = await this.byIds(
      manager,
      outcomes.map((outcome) => outcome.reviewId),
    );
    const latest = reviews.sort((a, b) => b.sequence - a.sequence)[0];
    return latest ? { review: latest, outcome: outcomes.find((outcome) => outcome.reviewId === latest.id)! } : null;
  },

  outcomesByIds(manager: EntityManager, ids: readonly string[]): Promise<ScrutinyReviewOutcome[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.findBy(ScrutinyReviewOutcome, { id: In([...ids]) });
  },

  outcomesOf(manager: EntityManager, reviewIds: readonly string[]): Promise<ScrutinyReviewOutcome[]> {
    return reviewIds.length === 0 ? Promise.resolve([]) : manager.findBy(ScrutinyReviewOutcome, { reviewId: In([...reviewIds]) });
  },
};
