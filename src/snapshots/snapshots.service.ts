import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { monthInWords } from '../../workflows/workflow.js';
import { NotFoundError } from '../common/errors.js';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { chartsOfPlan } from '../charts/progress-charts.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { PlanModelService, type PlanModel } from '../reports/plan-model.service.js';
import { fileName, ReportsService, type ReportFile } from '../reports/reports.service.js';
import { reviewRepository } from '../scrutiny/review.repository.js';
import { peopleById, personView } from '../users/people.js';
import type { Person } from '../users/user.entity.js';
import type { PlanSnapshot, SnapshotReason } from './plan-snapshot.entity.js';
import { snapshotRepository } from './snapshot.repository.js';

/** How many snapshots' paper facts are kept: every held review of a few plans. */
const SNAPSHOTS_KEPT = 100;

export interface TakeSnapshot {
  reason: SnapshotReason;
  actor: Pick<Person, 'id'>;
  reviewId?: string | null;
  period?: string | null;
}

/** Why a snapshot was taken, in words for a page or a list. */
export const REASON_WORDS: Record<SnapshotReason, string> = {
  review: 'Scrutiny review recorded',
  on_demand: 'Taken on demand',
  month_end: 'Month end',
};

/**
 * Snapshots of a plan: the PlanModel every document reads, frozen as it stood, and the committee paper
 * rebuilt from one alone (the same bytes every time, whatever has changed in the plan since).
 */
@Injectable()
export class SnapshotsService {
  /** By snapshot: the keys of its charts and its paper's file name (some 3 kB each). */
  private readonly paperFacts = new Map<string, { chartKeys: readonly string[]; paperName: string }>();

  constructor(
    private readonly clock: Clock,
    private readonly model: PlanModelService,
    private readonly reports: ReportsService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Freezes the plan as it stands in this transaction. Its date is the day in England it was taken. */
  async take(manager: EntityManager, inspectionId: string, what: TakeSnapshot): Promise<PlanSnapshot> {
    // A review's snapshot is the plan as its meeting saw it, with what the committee concluded: its paper is that meeting's.
    const model = await this.model.load(manager, inspectionId, { heldReviewId: what.reason === 'review' ? what.reviewId : null });
    const snapshot: PlanSnapshot = {
      id: randomUUID(),
      inspectionId,
      reason: what.reason,
      takenAt: this.clock.now().toISOString(),
      takenOn: model.today,
      takenById: what.actor.id,
      reviewId: what.reviewId ?? null,
      period: what.period ?? null,
      model: JSON.stringify(model),
    };
    await snapshotRepository.insert(manager, snapshot);
    return snapshot;
  }

  /** A snapshot taken because someone asked for one. */
  takeNow(inspectionId: string, actor: Person) {
    return this.unitOfWork.write(async (manager) => {
      if (!(await inspectionRepository.byId(manager, inspectionId))) throw new NotFoundError('inspection', inspectionId);
      return (await this.views(manager, [await this.take(manager, inspectionId, { reason: 'on_demand', actor })]))[0];
    });
  }

  list(inspectionId: string) {
    return this.unitOfWork.read(async (manager) => {
      if (!(await inspectionRepository.byId(manager, inspectionId))) throw new NotFoundError('inspection', inspectionId);
      return this.views(manager, await snapshotRepository.ofPlan(manager, inspectionId));
    });
  }

  /** One snapshot, with the plan as it stood. */
  read(inspectionId: string, snapshotId: string) {
    return this.unitOfWork.read(async (manager) => {
      const snapshot = await this.find(manager, inspectionId, snapshotId);
      return { ...(await this.views(manager, [snapshot]))[0], model: JSON.parse(snapshot.model) as PlanModel };
    });
  }

  /** `inspectionId` null: whichever plan the snapshot is of (the pages address a snapshot by its id alone). */
  async paperDocx(inspectionId: string | null, snapshotId: string): Promise<ReportFile> {
    const { snapshot, frozen, paperName } = await this.frozen(inspectionId, snapshotId);
    return {
      body: await this.reports.frozenPaperDocx(snapshot.id, frozen, snapshot.takenAt),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: paperName,
    };
  }

  async paperHtml(inspectionId: string | null, snapshotId: string): Promise<string> {
    const { snapshot, frozen } = await this.frozen(inspectionId, snapshotId);
    return this.reports.frozenPaperHtml(snapshot.id, frozen);
  }

  /**
   * The snapshot, its plan as kept (JSON, for the worker to parse), and what the paper needs of that plan here: the
   * keys of its charts and the paper's file name. A snapshot never changes, so these are worked out once for each.
   */
  private async frozen(inspectionId: string | null, snapshotId: string) {
    const snapshot = await this.unitOfWork.read((manager) => this.find(manager, inspectionId, snapshotId));
    let facts = this.paperFacts.get(snapshot.id);
    if (!facts) {
      const model = JSON.parse(snapshot.model) as PlanModel;
      facts = {
        chartKeys: chartsOfPlan(model).keys,
        // A review's paper is named for its meeting, so that each review's download has a name of its own.
        paperName: fileName(
          'scrutiny-report',
          model,
          'docx',
          model.heldReview && `review-${model.heldReview.sequence}-${model.heldReview.meetingOn}`,
        ),
      };
      if (this.paperFacts.size >= SNAPSHOTS_KEPT) this.paperFacts.delete(this.paperFacts.keys().next().value!);
      this.paperFacts.set(snapshot.id, facts);
    }
    return { snapshot, frozen: { json: snapshot.model, chartKeys: facts.chartKeys }, paperName: facts.paperName };
  }

  private async find(manager: EntityManager, inspectionId: string | null, snapshotId: string): Promise<PlanSnapshot> {
    const snapshot =
      inspectionId === null
        ? await snapshotRepository.byId(manager, snapshotId)
        : await snapshotRepository.inPlan(manager, inspectionId, snapshotId);
    if (!snapshot) throw new NotFoundError('snapshot', snapshotId);
    return snapshot;
  }

  private async views(manager: EntityManager, snapshots: PlanSnapshot[]) {
    const people = await peopleById(
      manager,
      snapshots.map((snapshot) => snapshot.takenById),
    );
    const reviews = new Map(
      (
        await reviewRepository.byIds(
          manager,
          snapshots.flatMap((snapshot) => (snapshot.reviewId ? [snapshot.reviewId] : [])),
        )
      ).map((review) => [review.id, review]),
    );
    return snapshots.map((snapshot) => {
      const review = snapshot.reviewId ? reviews.get(snapshot.reviewId) : undefined;
      const paper = `/api/inspections/${snapshot.inspectionId}/snapshots/${snapshot.id}/paper`;
      return {
        id: snapshot.id,
        inspectionId: snapshot.inspectionId,
        reason: snapshot.reason,
        reasonText:
          snapshot.period && snapshot.period !== snapshot.takenOn.slice(0, 7)
            ? `${REASON_WORDS[snapshot.reason]} of ${monthInWords(snapshot.period)}, taken late`
            : REASON_WORDS[snapshot.reason],
        takenAt: snapshot.takenAt,
        takenOn: snapshot.takenOn,
        takenBy: personView(people, snapshot.takenById),
        review: review ? { id: review.id, sequence: review.sequence, meetingOn: review.meetingOn } : null,
        period: snapshot.period,
        papers: { docx: `${paper}.docx`, html: `${paper}.html` },
      };
    });
  }
}
