import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import type { IsoDate } from '../common/dates.js';
import { longDate } from '../reminders/reminder-messages.js';
import type { ActionLine, MeasureMove } from '../snapshots/plan-comparison.js';
import { RAG_STATUSES } from '../rag/rag-rules.js';
import type { HeldReview, PlanAction, PlanArea, PlanMeasure, PlanModel, SinceLastReview } from './plan-model.service.js';
import { measureCharts, planCharts, type Chart } from '../charts/progress-charts.js';
import { valueInWords } from '../measures/measure-rating.js';
import { REVIEW_OUTCOME_WORDS } from '../scrutiny/review-outcomes.js';
import { summaryDateOf, summaryOlderThanReview } from '../scrutiny/summary-period.js';
import { listInWords, monthInWords } from '../../workflows/workflow.js';

/** A RAG cell: the words, and the colour name from config/rag.yaml. */
export interface RagCell {
  text: string;
  colour: string;
}
export type PaperCell = string | RagCell;

/** What a committee paper is made of; the DOCX and the HTML render the same blocks, so they say the same. */
export type PaperBlock =
  | { kind: 'title'; lines: string[] }
  | { kind: 'heading'; text: string; newPage?: boolean }
  | { kind: 'paragraph'; text: string; number?: number }
  | { kind: 'list'; items: string[] }
  /** `name`, where the paper has two tables with the same headers, tells them apart for a screen reader. */
  /** `widths`: each column's share of the page's width, where the columns are not of equal width. */
  | { kind: 'table'; headers: string[]; rows: PaperCell[][]; name?: string; widths?: number[] }
  /** Drawn where the paper is built (the worker pool), with its title, summary and data table. */
  | { kind: 'chart'; chart: Chart };

export interface CommitteePaper {
  title: string;
  blocks: PaperBlock[];
}

const NONE_GIVEN = 'None given';

/**
 * The paper's wording. A snapshot keeps the edition its plan was taken in, so that a held review's paper is rebuilt in
 * the words it was first written in, byte for byte: new wording is a new edition, beside the old.
 * 2: the summary gives the open areas' own ratings, which take their measures in, apart from the actions' counts.
 * 3: with nothing recorded since the last review, the paper says so once, in what has changed since it.
 * 4: the Word paper's wider tables give their columns widths by what they hold, so that words are not broken.
 * 5: what has changed since the last review gives each measure's latest figure beside its figure then, and its target;
 *    the paper for the review to come calls it this paper's review, not "the next review".
 * 6: the exceptions follow the overdue and at-risk actions' table rather than repeat it: the same actions, with what
 *    their owners last reported, the mitigation and the revised date; a lead officer's summary written before the
 *    period the paper covers says so.
 * 7: a plan not yet sent to Ofsted has nothing to compare against, nor any area for the committee to close: its paper
 *    neither asks the committee to decide on closing areas nor says what changed since it was submitted.
 * 8: the measures of impact name the open areas with none, whose progress no figure shows; the chart of actions
 *    completed against actions due speaks of the month under way as so far, not as over; the committee's decision
 *    offers assurance on an area's progress while its work goes on.
 * 9: a review whose date the clerk set to the committee's meeting is the meeting on that day, not due by it.
 */
export const PAPER_EDITION = 9;

/** From edition 9, a review the clerk set for the committee's meeting is that meeting, not due by its day. */
const atMeeting = (model: Pick<PlanModel, 'paperEdition' | 'nextReview'>): boolean =>
  (model.paperEdition ?? 1) >= 9 && Boolean(model.nextReview?.meetingSet);

/** A table's column widths, in shares of the page's width, from edition 4: before it, every column had an equal share. */
const columnShares = (model: Pick<PlanModel, 'paperEdition'>, widths: number[]): { widths?: number[] } =>
  (model.paperEdition ?? 1) >= 4 ? { widths } : {};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** "; of the 4 still open: 3 on track and 1 off track, each rated by its actions and its measures", in the order the actions' counts take. */
function areaRatings(open: readonly PlanArea[]): string {
  if (open.length === 0) return '';
  const counts = RAG_STATUSES.flatMap((status) => {
    const rated = open.filter((area) => area.rating.status === status);
    return rated.length > 0 ? [`${rated.length} ${rated[0].rating.label.toLowerCase()}`] : [];
  });
  return `; of the ${open.length} still open: ${listInWords(counts)}, each rated by its actions and its measures`;
}

/**
 * The six-monthly progress report in the shape of a council committee paper: recommendation,
 * executive summary, key judgements, RAG summary per area, overdue and at-risk actions, what
 * changed since the last review, contact officer, and the action plan as an annex.
 */
export function committeePaper(model: PlanModel): CommitteePaper {
  const committee = model.scrutinyCommittee ?? 'Scrutiny Committee';
  const title = `Ofsted inspection of ${model.authority} children’s services: progress against the action plan`;
  const review = model.heldReview
    ? `review ${model.heldReview.sequence}, held on ${longDate(model.heldReview.meetingOn)}`
    : model.nextReview
      ? `review ${model.nextReview.sequence}, ${atMeeting(model) ? 'meeting on' : 'due'} ${longDate(model.nextReview.dueOn)}`
      : null;
  const all = model.areas.flatMap((area) => area.actions);
  const open = model.areas.filter((area) => !CLOSED_AREA_STATES.includes(area.state));
  const slipping = all.filter((action) => ['overdue', 'off_track', 'at_risk'].includes(action.rating.status));
  const rag = (rating: { label: string; colour: string }): RagCell => ({ text: rating.label, colour: rating.colour });
  const person = (who: { name: string } | null) => who?.name ?? 'Not assigned';
  let number = 0;
  const numbered = (text: string): PaperBlock => ({ kind: 'paragraph', text, number: (number += 1) });
  const count = (status: keyof PlanModel['totals']) => model.totals[status];
  const notYetSent = (model.paperEdition ?? 1) >= 7 && !model.plan.submittedOn && !model.lastReview;

  const blocks: PaperBlock[] = [
    {
      kind: 'title',
      lines: [
        committee,
        review ? `Scrutiny review of progress (${review})` : 'Scrutiny review of progress',
        title,
        'Report by the Director of Children’s Services',
      ],
    },
    { kind: 'heading', text: 'Recommendation' },
    numbered(`The ${committee} is RECOMMENDED to:`),
    {
      kind: 'list',
      items: notYetSent
        ? [
            `(a) note progress on the action plan, not yet sent to Ofsted, after Ofsted’s inspection${model.startedOn ? ` of ${monthYear(model.startedOn)}` : ''}.`,
          ]
        : [
            `(a) note progress against the action plan agreed after Ofsted’s inspection${model.startedOn ? ` of ${monthYear(model.startedOn)}` : ''};`,
            (model.paperEdition ?? 1) >= 8
              ? `(b) decide, for each of the ${open.length} improvement area${open.length === 1 ? '' : 's'} still open, whether it is assured that the area can close, assured on its progress while its work goes on, needs further assurance, or should be escalated.`
              : `(b) decide, for each of the ${open.length} improvement area${open.length === 1 ? '' : 's'} still open, whether it is assured that the area can close, needs further assurance, or should be escalated.`,
          ],
    },
    { kind: 'heading', text: 'Executive summary' },
    numbered(
      `Ofsted inspected ${model.authority}’s children’s services${model.startedOn && model.endedOn ? ` from ${longDate(model.startedOn)} to ${longDate(model.endedOn)}` : ''} under the ${model.frameworkName} framework, and published its report on ${longDate(model.publishedOn)}.${model.overallEffectiveness ? ` Overall effectiveness was judged ${model.overallEffectiveness.toLowerCase()}.` : ''}`,
    ),
    numbered(submission(model)),
    ...deadlineNotes(model).map(numbered),
    numbered(
      (model.paperEdition ?? 1) >= 2
        ? `The plan has ${plural(model.areas.length, 'improvement area')} (${model.areas.length - open.length} closed)${areaRatings(open)}. Its ${plural(model.totals.actions, 'action')}, as of ${longDate(model.today)}: ${count('complete')} complete, ${count('awaiting_sign_off')} awaiting sign-off, ${count('on_track')} on track, ${count('at_risk')} at risk, ${count('off_track')} off track, ${count('overdue')} overdue and ${count('cancelled')} cancelled.`
        : `The plan has ${model.areas.length} improvement area${model.areas.length === 1 ? '' : 's'} (${model.areas.length - open.length} closed) and ${model.totals.actions} action${model.totals.actions === 1 ? '' : 's'}. As of ${longDate(model.today)}: ${count('complete')} complete, ${count('awaiting_sign_off')} awaiting sign-off, ${count('on_track')} on track, ${count('at_risk')} at risk, ${count('off_track')} off track, ${count('overdue')} overdue and ${count('cancelled')} cancelled.`,
    ),
    numbered(reviews(model)),
    numbered(
      'Each rating below says which rule gave it. The rules are the council’s own, set out in its RAG policy, and are applied the same way to every action.',
    ),
  ];

  if (model.judgements.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Key judgements' },
      { kind: 'table', headers: ['Judgement', 'Grade'], rows: model.judgements.map((j) => [j.area, j.grade]) },
    );
  }

  blocks.push(
    { kind: 'heading', text: 'Progress by improvement area' },
    {
      kind: 'table',
      headers: ['Ref', 'Improvement area', 'Lead officer', 'Status', 'RAG', 'Why'],
      ...columnShares(model, [6, 29, 15, 14, 12, 24]),
      rows: model.areas.map((area) => [
        area.reference,
        area.title,
        person(area.leadOfficer),
        words(area.state),
        rag(area.rating),
        area.rating.reason,
      ]),
    },
  );
  blocks.push(...summaries(model), ...progressOverTime(model), ...measuresOfImpact(model));
  blocks.push({ kind: 'heading', text: 'Overdue and at-risk actions' });
  blocks.push(
    slipping.length > 0
      ? {
          kind: 'table',
          headers: ['Ref', 'Action', 'Owner', 'Due', 'RAG', 'Why'],
          ...columnShares(model, [6, 31, 15, 14, 12, 22]),
          rows: slipping.map((action) => [
            action.reference,
            action.title,
            person(action.owner),
            dateOrNone(action.dueOn),
            rag(action.rating),
            action.rating.reason,
          ]),
        }
      : { kind: 'paragraph', text: 'No action is overdue or at risk.' },
  );

  const afterTheirArea = model.areas.flatMap((area) =>
    area.actions.filter((action) => action.dueAfterArea).map((action) => ({ area, action })),
  );
  if (afterTheirArea.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Actions due after their area’s date' },
      {
        kind: 'paragraph',
        text: 'The report gave these areas a timeframe. Each action below is due after the date its timeframe gives, counted from the report’s publication.',
      },
      {
        kind: 'table',
        headers: ['Ref', 'Action', 'Owner', 'Due', 'Area’s timeframe'],
        ...columnShares(model, [6, 40, 16, 14, 24]),
        rows: afterTheirArea.map(({ area, action }) => [
          action.reference,
          action.title,
          person(action.owner),
          dateOrNone(action.dueOn),
          `${area.timeframe}: by ${dateOrNone(area.dueOn)}`,
        ]),
      },
    );
  }

  if (!notYetSent) blocks.push(...changesSince(model));
  blocks.push(...((model.paperEdition ?? 1) >= 6 ? exceptionsOf(slipping) : exceptions(model)));
  if (model.heldReview) blocks.push(...conclusions(model.heldReview, model));
  blocks.push(
    { kind: 'heading', text: 'Contact officer' },
    { kind: 'paragraph', text: model.planLead ? `${model.planLead.name}, ${model.planLead.email}` : 'No plan lead is recorded.' },
    { kind: 'heading', text: 'Annex 1: the action plan', newPage: true },
    { kind: 'paragraph', text: `As of ${longDate(model.today)}. One row per action, in the order of the plan.` },
    {
      kind: 'table',
      headers: ['Ref', 'Action', 'Lead officer / owner', 'Timescale', 'Success measure', 'Latest progress', 'RAG', 'Why'],
      ...columnShares(model, [6, 15, 14, 13, 14, 14, 12, 12]),
      rows: model.areas.flatMap((area) => [
        [
          area.reference,
          `${area.title}`,
          person(area.leadOfficer),
          area.timeframe ? `${area.timeframe}${area.dueOn ? ` (by ${dateOrNone(area.dueOn)})` : ''}` : '',
          '',
          '',
          rag(area.rating),
          area.rating.reason,
        ],
        ...area.actions.map((action) => annexRow(action, rag)),
      ]),
    },
  );
  return { title, blocks };
}

/** What changed since the last review, or since the plan was submitted where none has been held. */
function changesSince(model: PlanModel): PaperBlock[] {
  const blocks: PaperBlock[] = [
    {
      kind: 'heading',
      text: model.lastReview
        ? `Changes since the last review (${longDate(model.lastReview.meetingOn)})`
        : 'Changes since the plan was submitted',
    },
  ];
  if (model.lastReview && model.lastReview.outcomes.length > 0) {
    blocks.push(
      { kind: 'paragraph', text: `At its last review, the ${model.lastReview.committee} concluded:` },
      outcomesTable(model.lastReview, model),
    );
  }
  if (model.changes.length > 0)
    blocks.push({
      kind: 'list',
      items: model.changes.map((change) => `${longDate(change.at.slice(0, 10))}: ${change.reference} ${change.what}`),
    });
  // From edition 3, what has changed since the last review, just below, says it instead.
  else if (!model.sinceLastReview || (model.paperEdition ?? 1) < 3)
    blocks.push({ kind: 'paragraph', text: 'Nothing has changed in the plan since then.' });
  if (model.sinceLastReview) blocks.push(...sinceLastReview(model.sinceLastReview, model));
  return blocks;
}

/** When the plan went to Ofsted, or is due, and whose date that is: Ofsted's own, or a count from receipt that may yet move. */
function submission(model: PlanModel): string {
  const deadline = model.deadlines.actionPlan;
  const stated = deadline?.source === 'ofsted_letter';
  if (model.plan.submittedOn) {
    const against = deadline
      ? `, ${model.plan.submittedLate ? 'after' : 'within'} ${stated ? 'the deadline' : 'the statutory deadline'} of ${longDate(deadline.dueOn)}${stated ? ' given in Ofsted’s letter' : ''}`
      : '';
    return `The action plan was submitted to Ofsted on ${longDate(model.plan.submittedOn)}${against}.`;
  }
  if (!deadline) return 'The action plan has not yet been submitted to Ofsted.';
  if (stated)
    return `The action plan has not yet been submitted to Ofsted; it is due by ${longDate(deadline.dueOn)}, the date given in Ofsted’s letter.`;
  return `The action plan has not yet been submitted to Ofsted; the statutory deadline is ${longDate(deadline.dueOn)}${deadline.provisional ? ', provisionally: it is counted from the report’s publication until the council confirms the date it received the report' : ''}.`;
}

/** The draft plan of a focused visit, and who leads a JTAI's written statement, where either applies. */
function deadlineNotes(model: PlanModel): string[] {
  const notes: string[] = [];
  const draft = model.deadlines.draftPlan;
  if (draft) {
    notes.push(
      model.plan.draftSentOn
        ? `Ofsted asked for a draft action plan by ${longDate(draft.dueOn)}; it was sent on ${longDate(model.plan.draftSentOn)}${model.plan.draftSentLate ? ', after that date' : ''}.`
        : `Ofsted asked for a draft action plan by ${longDate(draft.dueOn)}${draft.source === 'ofsted_letter' ? ' (the date given in its letter)' : ''}; it has not yet been sent.`,
    );
  }
  if (model.statementRequired === false) notes.push('Ofsted’s letter did not require a written statement of proposed action.');
  if (model.principalAuthority)
    notes.push(
      `The written statement of proposed action is led by ${model.principalAuthority}, the principal authority named in Ofsted’s letter.`,
    );
  return notes;
}

function annexRow(action: PlanAction, rag: (rating: { label: string; colour: string }) => RagCell): PaperCell[] {
  return [
    action.reference,
    action.title,
    action.owner?.name ?? 'Not assigned',
    dateOrNone(action.dueOn),
    action.successMeasure ?? '',
    action.latestUpdate
      ? `${action.latestUpdate.text} (${action.latestUpdate.percentComplete}%, ${dateOrNone(action.latestUpdate.reportedOn)})`
      : '',
    rag(action.rating),
    action.rating.reason,
  ];
}

function dateOrNone(date: IsoDate | null): string {
  return date ? longDate(date).replace(/^\w+ /, '') : 'No date';
}

function monthYear(date: IsoDate): string {
  return longDate(date).replace(/^\w+ \d+ /, '');
}

function words(state: string): string {
  const text = state.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Action by action, against the plan as it stood when the last review was recorded (its snapshot): in plain words. */
function sinceLastReview(since: SinceLastReview, model: Pick<PlanModel, 'paperEdition'>): PaperBlock[] {
  const { intro, groups } = changesSinceLastReview(since, model);
  return [
    { kind: 'heading', text: 'What has changed since the last review' },
    { kind: 'paragraph', text: intro },
    ...groups.flatMap(({ title, items }): PaperBlock[] => [
      { kind: 'paragraph', text: `${title} (${items.length}):` },
      { kind: 'list', items },
    ]),
  ];
}

/** What has changed since the last review, group by group, in the paper's words: the Progress page says the same. */
export function changesSinceLastReview(
  since: SinceLastReview,
  model: Pick<PlanModel, 'paperEdition'>,
): { intro: string; groups: Array<{ title: string; items: string[] }> } {
  const { changes } = since;
  const figures = (model.paperEdition ?? 1) >= 5 ? (changes.measures ?? []).map(measureMoveWords) : [];
  const named = (action: ActionLine) => `${action.reference} ${action.title}`;
  const groups: Array<[string, string[]]> = [
    ['Rated better', changes.better.map((move) => `${named(move)}: from ${move.from.label} to ${move.to.label}`)],
    ['Rated worse', changes.worse.map((move) => `${named(move)}: from ${move.from.label} to ${move.to.label}`)],
    ['Newly overdue', changes.newlyOverdue.map(named)],
    ['Completed', changes.completed.map(named)],
    [
      'Due dates moved',
      changes.dueDatesMoved.map(
        (move) =>
          `${named(move)}: from ${dateOrNone(move.from)} to ${dateOrNone(move.to)}${move.times && move.times > 1 ? ` (moved ${move.times} times in all)` : ''}`,
      ),
    ],
    ['Added', changes.added.map(named)],
    ['Cancelled', changes.cancelled.map(named)],
    ['Measures of impact', figures],
  ];
  const listed = groups.filter(([, items]) => items.length > 0);
  const against = since.meetingOn
    ? `the plan as it stood at the review of ${dateOrNone(since.meetingOn)}`
    : `the plan as it stood on ${dateOrNone(since.takenOn)}`;
  return {
    intro:
      listed.length > 0
        ? `Compared with ${against}:`
        : `No action has changed its rating, due date or state compared with ${against}, and none has been added.`,
    groups: listed.map(([title, items]) => ({ title, items })),
  };
}

/** "Area 1, Children seen within 5 working days: 86% in April 2027, better than 72% in October 2026; target 90% by March 2027 (Slightly behind)". */
function measureMoveWords(move: MeasureMove): string {
  const figure = (point: { period: string; value: number }) => `${valueInWords(point.value, move.unit)} in ${monthInWords(point.period)}`;
  const then = !move.from
    ? ', its first figure'
    : move.better === null
      ? move.from.period === move.to.period
        ? ', no new figure since'
        : `, the same as ${figure(move.from)}`
      : `, ${move.better ? 'better' : 'worse'} than ${figure(move.from)}`;
  return `Area ${move.area}, ${move.name}: ${figure(move.to)}${then}; target ${valueInWords(move.target.value, move.unit)} by ${monthInWords(move.target.on)} (${move.rating.label})`;
}

/** Each area's lead officer's own account of its progress, in their words, with who wrote it and when. */
function summaries(model: PlanModel): PaperBlock[] {
  const fromEdition6 = (model.paperEdition ?? 1) >= 6;
  return [
    { kind: 'heading', text: 'Lead officers’ summaries' },
    ...model.areas.flatMap((area): PaperBlock[] => {
      const heading: PaperBlock = { kind: 'paragraph', text: `Area ${area.reference}: ${area.title}` };
      if (!area.narrative) return [heading, { kind: 'paragraph', text: 'No summary has been written.' }];
      const { text, writtenOn, by, confirmedOn, confirmedBy } = area.narrative;
      const written = `Written by ${by?.name ?? 'someone no longer named'} on ${dateOrNone(writtenOn)}`;
      // From edition 6: when it was confirmed as still true, and whether it is older than the period this paper covers.
      const confirmed =
        fromEdition6 && confirmedOn
          ? `; confirmed as still true by ${confirmedBy?.name ?? 'someone no longer named'} on ${dateOrNone(confirmedOn)}`
          : '';
      const older = fromEdition6
        ? summaryOlderThanReview(summaryDateOf(area.narrative), model.lastReview?.meetingOn ?? null, model.plan.submittedOn)
        : null;
      return [
        heading,
        // A paragraph per paragraph typed, so the document and the web page break the text alike.
        ...text
          .split(/\r?\n/)
          .filter((line) => line.trim())
          .map((line): PaperBlock => ({ kind: 'paragraph', text: line.trim() })),
        { kind: 'paragraph', text: `${written}${confirmed}${older ? `, ${older}` : ''}.` },
      ];
    }),
  ];
}

/** Where this review stands among the committee's: the paper of a review held says when it met. */
function reviews(model: PlanModel): string {
  const { lastReview, nextReview, heldReview } = model;
  if (heldReview)
    return `The committee met for this review on ${longDate(heldReview.meetingOn)}. ${lastReview ? `It had last reviewed the plan on ${longDate(lastReview.meetingOn)}.` : 'It was the committee’s first review of the plan.'}`;
  return lastReview
    ? `The committee last reviewed the plan on ${longDate(lastReview.meetingOn)}. ${nextReview ? `${atMeeting(model) ? 'This paper is for its next review, at its meeting on' : (model.paperEdition ?? 1) >= 5 ? 'This paper is for its next review, due by' : 'The next review is due by'} ${longDate(nextReview.dueOn)}.` : 'No further review is scheduled.'}`
    : `This is the committee’s first review of the plan.${nextReview ? ` ${atMeeting(model) ? 'The committee meets for it on' : 'It is due by'} ${longDate(nextReview.dueOn)}.` : ''}`;
}

/** What the committee concluded at the review this paper was for, as it recorded it (a review records at least one outcome). */
function conclusions(held: HeldReview, model: PlanModel): PaperBlock[] {
  return [
    { kind: 'heading', text: 'What the committee concluded at this review' },
    { kind: 'paragraph', text: `On ${longDate(held.meetingOn)}, the ${held.committee} concluded:` },
    { ...outcomesTable(held, model), name: 'Table: what the committee concluded at this review' },
  ];
}

function outcomesTable({ outcomes }: HeldReview, model: PlanModel): PaperBlock & { kind: 'table' } {
  return {
    kind: 'table',
    headers: ['Area', 'Outcome', 'The committee’s questions or reasons'],
    ...columnShares(model, [12, 28, 60]),
    rows: outcomes.map((outcome) => [outcome.reference, REVIEW_OUTCOME_WORDS[outcome.outcome], outcome.comment ?? '']),
  };
}

/** Each overdue or at-risk action, with when it is due and what its owner last said of it. */
function exceptions(model: PlanModel): PaperBlock[] {
  const listed = model.areas.flatMap((area) => area.actions).filter((action) => ['overdue', 'at_risk'].includes(action.rating.status));
  return [
    { kind: 'heading', text: 'Exceptions' },
    listed.length > 0
      ? {
          kind: 'table',
          headers: ['Ref', 'Action', 'RAG', 'Due', 'Latest progress update', 'Mitigation', 'Revised date'],
          ...columnShares(model, [6, 19, 12, 13, 21, 17, 12]),
          rows: listed.map((action) => [
            action.reference,
            action.title,
            { text: action.rating.label, colour: action.rating.colour },
            dateOrNone(action.dueOn),
            action.latestUpdate
              ? `${action.latestUpdate.text} (${dateOrNone(action.latestUpdate.reportedOn)})`
              : 'No progress update has been given.',
            // A plan read before updates carried these (a snapshot's) has neither.
            action.latestUpdate?.mitigation || NONE_GIVEN,
            action.latestUpdate?.revisedDueOn ? dateOrNone(action.latestUpdate.revisedDueOn) : NONE_GIVEN,
          ]),
        }
      : { kind: 'paragraph', text: 'No action is overdue or at risk.' },
  ];
}

/** From edition 6: the actions the table of overdue and at-risk actions lists, with what is being done about each. */
function exceptionsOf(slipping: readonly PlanAction[]): PaperBlock[] {
  return [
    { kind: 'heading', text: 'Exceptions' },
    slipping.length > 0
      ? {
          kind: 'paragraph',
          text: 'For each action listed under “Overdue and at-risk actions”: what its owner last reported, what is being done to bring it back on track, and the date it is now expected.',
        }
      : { kind: 'paragraph', text: 'None: no action is overdue, off track or at risk.' },
    ...(slipping.length > 0
      ? [
          {
            kind: 'table' as const,
            headers: ['Ref', 'Action', 'Latest progress update', 'Mitigation', 'Revised date'],
            widths: [6, 24, 30, 26, 14],
            rows: slipping.map((action) => [
              action.reference,
              action.title,
              action.latestUpdate
                ? `${action.latestUpdate.text} (${dateOrNone(action.latestUpdate.reportedOn)})`
                : 'No progress update has been given.',
              action.latestUpdate?.mitigation || NONE_GIVEN,
              action.latestUpdate?.revisedDueOn ? dateOrNone(action.latestUpdate.revisedDueOn) : NONE_GIVEN,
            ]),
          },
        ]
      : []),
  ];
}

/** The plan's charts over time, each with what it shows in a sentence and its figures beneath. */
function progressOverTime(model: PlanModel): PaperBlock[] {
  if (!model.progress) return [];
  return [
    { kind: 'heading', text: 'Progress over time' },
    {
      kind: 'paragraph',
      text: 'Month by month, from the plan as it stood at the end of each month and at each review, and from the date each action was completed.',
    },
    ...planCharts(model).map((chart): PaperBlock => ({ kind: 'chart', chart })),
  ];
}

/** Whether things are better for children: each measure, where it stands against its trajectory, and which way it is going. */
function measuresOfImpact(model: PlanModel): PaperBlock[] {
  const measures = model.areas.flatMap((area) =>
    (area.measures ?? []).map((measure, index) => ({ reference: `${area.reference}.${index + 1}`, measure })),
  );
  if (!model.areas.some((area) => area.measures)) return [];
  if (measures.length === 0)
    return [
      { kind: 'heading', text: 'Measures of impact' },
      { kind: 'paragraph', text: 'No measures of impact have been set for this plan.' },
    ];
  const unmeasured =
    (model.paperEdition ?? 1) >= 8
      ? model.areas.filter((area) => !CLOSED_AREA_STATES.includes(area.state) && (area.measures ?? []).length === 0)
      : [];
  return [
    { kind: 'heading', text: 'Measures of impact' },
    ...(unmeasured.length > 0
      ? [
          {
            kind: 'paragraph' as const,
            text: `${unmeasured.length === 1 ? 'Area' : 'Areas'} ${listInWords(unmeasured.map((area) => area.reference))} ${unmeasured.length === 1 ? 'has' : 'have'} no measure of impact yet: no figure in this paper shows whether things are better for children there.`,
          },
        ]
      : []),
    {
      kind: 'table',
      headers: ['Ref', 'Measure', 'Baseline', 'Latest', 'Target', 'Trend', 'RAG', 'Why'],
      ...columnShares(model, [6, 19, 12, 12, 12, 10, 12, 17]),
      rows: measures.map(({ reference, measure }) => {
        const unit = (value: number) => valueInWords(value, measure.unit);
        const latest = measure.values.at(-1);
        return [
          reference,
          measure.name,
          `${unit(measure.baseline.value)} (${monthInWords(measure.baseline.on)})`,
          latest ? `${unit(latest.value)} (${monthInWords(latest.period)})` : 'No value yet',
          `${unit(measure.target.value)} by ${monthInWords(measure.target.on)}`,
          trend(measure),
          { text: measure.rating.label, colour: measure.rating.colour },
          measure.rating.reason,
        ];
      }),
    },
    ...measureCharts(model).map((chart): PaperBlock => ({ kind: 'chart', chart })),
  ];
}

/** The last three values, and whether they are getting better or worse as the measure counts better. */
export function trend(measure: Pick<PlanMeasure, 'values' | 'unit' | 'direction'>): string {
  const recent = measure.values.slice(-3);
  if (recent.length < 2) return recent.length === 0 ? 'No values yet' : 'One value so far';
  const [first, last] = [recent[0].value, recent.at(-1)!.value];
  const way = first === last ? 'No change' : last > first === (measure.direction === 'higher') ? 'Better' : 'Worse';
  return `${way}: ${recent.map((value) => `${valueInWords(value.value, measure.unit)} in ${monthInWords(value.period)}`).join(', ')}`;
}
