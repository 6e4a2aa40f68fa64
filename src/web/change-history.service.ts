import { Injectable } from '@nestjs/common';
import type { AuditEvent, AuditValue } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { dateTimeInWords, formatDate, humanise } from './forms.js';

/** The fields a person edits, in the words a page uses; fields the service works out itself (deadlines) are left out. */
const FIELD_WORDS: Record<string, string> = {
  authorityId: 'the council',
  startedOn: 'the first day of the inspection',
  endedOn: 'the last day of the inspection',
  publishedOn: 'the publication date',
  receivedOn: 'the date the report was received',
  leadInspector: 'the lead inspector',
  planLeadId: 'the plan lead',
  scrutinyCommittee: 'the scrutiny committee',
  scrutinyClerkId: 'the committee clerk',
  statedActionPlanDueOn: 'the date Ofsted’s letter gives for the plan',
  statedDraftPlanDueOn: 'the date Ofsted’s letter gives for the draft plan',
  title: 'the title',
  description: 'the description',
  timeframe: 'the timeframe',
  leadOfficerId: 'the lead officer',
  narrative: 'the lead officer’s summary',
  ownerId: 'the owner',
  dueOn: 'the due date',
  successMeasure: 'the success measure',
};

/**
 * What happened to a record since a page showed it, read from the audit trail: a form carries the id
 * of the latest entry it was read after, so a stale edit can say who changed what since.
 */
@Injectable()
export class ChangeHistory {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The mark a form carries of when it was read. */
  seen(entityId: string): Promise<number> {
    return this.unitOfWork.read((manager) => this.audit.latestId(manager, entityId));
  }

  /** One sentence for each change made after `seen`, oldest first. */
  async since(entityId: string, seen: number): Promise<string[]> {
    const entries = await this.unitOfWork.read((manager) => this.audit.after(manager, entityId, seen));
    return entries.map(describe);
  }
}

function describe(entry: AuditEvent): string {
  const when = `on ${dateTimeInWords(entry.at)}`;
  return `${entry.actorName} ${whatChanged(entry)} ${when}.`;
}

function whatChanged(entry: AuditEvent): string {
  if (entry.fromState && entry.toState && entry.fromState !== entry.toState) {
    return `moved it from ${humanise(entry.fromState).toLowerCase()} to ${humanise(entry.toState).toLowerCase()}`;
  }
  const changes = Object.entries(entry.details ?? {}).flatMap(([field, change]) => {
    const words = FIELD_WORDS[field];
    if (!words || change === null || typeof change !== 'object') return [];
    const long = [change.from, change.to].some((value) => typeof value === 'string' && value.length > 80);
    return [long ? words : `${words} from ${inWords(change.from)} to ${inWords(change.to)}`];
  });
  if (changes.length > 0) return `changed ${joined(changes)}`;
  if (entry.event === 'PROGRESS_UPDATED') return 'reported progress';
  return humanise(entry.event).toLowerCase();
}

function inWords(value: AuditValue): string {
  if (value === null || value === '') return 'nothing';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return `“${String(value)}”`;
}

function joined(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
