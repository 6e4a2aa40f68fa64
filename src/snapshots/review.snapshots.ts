import { Injectable } from '@nestjs/common';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import type {} from '../scrutiny/review.changes.js';
import { SnapshotsService } from './snapshots.service.js';

/**
 * A review recorded freezes the plan as the committee saw it, in the same transaction: the review and
 * its snapshot are written together or not at all.
 */
@Injectable()
@FollowsChanges()
export class ReviewSnapshots implements FollowUp {
  readonly follows: FollowUpHandlers = {
    'review:written': async (manager, { record, changed, actor }) => {
      if (record.status === 'held' && changed.includes('status')) {
        await this.snapshots.take(manager, record.inspectionId, { reason: 'review', actor, reviewId: record.id });
      }
    },
  };

  constructor(private readonly snapshots: SnapshotsService) {}
}
