import { resolve } from 'node:path';
import { loadPolicy } from '../../src/config/policy.js';
import { rateAction, rateArea, type ActionRagFacts, type RagPolicy } from '../../src/rag/rag-rules.js';

const policy = loadPolicy(resolve(import.meta.dirname, '../../config')).rag;
const facts = (over: Partial<ActionRagFacts> = {}): ActionRagFacts => ({
  state: 'in_progress',
  dueOn: '2024-10-31',
  workingDaysToDue: 30,
  percentComplete: 40,
  dueDateMoves: 0,
  ownerRag: null,
  ownerRagReason: null,
  stateReason: null,
  ...over,
});
const rate = (over: Partial<ActionRagFacts> = {}, rules: RagPolicy = policy) => {
  const rating = rateAction(facts(over), rules);
  return `${rating.colour} ${rating.rule}: ${rating.reason}`;
};

describe('RAG rules (config/rag.yaml)', () => {
  it.each([
    [{ state: 'completed', percentComplete: 100 }, 'blue completed: Marked completed.'],
    [
      { state: 'completed', percentComplete: 100, stateReason: 'Audit of 40 cases found every child seen on time' },
      'blue completed: Marked completed. How its success measure was met: Audit of 40 cases found every child seen on time.',
    ],
    [{ state: 'cancelled' }, 'grey cancelled: Cancelled; the reason is in its history.'],
    [{ state: 'cancelled', stateReason: 'Merged into action 1.2.' }, 'grey cancelled: Cancelled: Merged into action 1.2.'],
    // Done but not signed off: shown as such, never amber, even when it is past its date.
    [{ percentComplete: 100, workingDaysToDue: -3 }, 'purple reported_done: Reported 100% done; waiting to be signed off as completed.'],
    [{ workingDaysToDue: -3 }, 'red past_due: Due 31 October 2024: 3 working days overdue, 40% done.'],
    // The owner's revised date is said with it: when it may yet be done, or that that date has gone too.
    [
      { workingDaysToDue: -3, revised: { on: '2024-11-29', passed: false } },
      'red past_due: Due 31 October 2024: 3 working days overdue, 40% done; its owner expects it by 29 November 2024.',
    ],
    [
      { workingDaysToDue: -30, revised: { on: '2024-11-29', passed: true } },
      'red past_due: Due 31 October 2024: 30 working days overdue, 40% done; its owner expected it by 29 November 2024, which has passed too.',
    ],
    // A "revised" date no later than the one missed says nothing new.
    [
      { workingDaysToDue: -3, revised: { on: '2024-10-30', passed: true } },
      'red past_due: Due 31 October 2024: 3 working days overdue, 40% done.',
    ],
    [{ state: 'blocked' }, 'amber blocked: Blocked; the reason is in its history.'],
    [{ state: 'blocked', stateReason: 'Waiting for the data team' }, 'amber blocked: Blocked: Waiting for the data team.'],
    [{ dueOn: null, workingDaysToDue: null }, 'amber no_due_date: Has no due date.'],
    [
      { workingDaysToDue: 10, percentComplete: 49 },
      'amber due_soon: Due 31 October 2024, 10 working days away, and 49% done (at risk below 50% within 10 working days).',
    ],
    [
      { workingDaysToDue: 0, percentComplete: null },
      'amber due_soon: Due 31 October 2024, 0 working days away, and 0% done (at risk below 50% within 10 working days).',
    ],
    [{ workingDaysToDue: 10, percentComplete: 50 }, 'green on_schedule: Due 31 October 2024, 10 working days away, 50% done.'],
    [{ workingDaysToDue: 11, percentComplete: 0 }, 'green on_schedule: Due 31 October 2024, 11 working days away, 0% done.'],
    [{ dueDateMoves: 1 }, 'amber date_moved: Its due date has moved once; now due 31 October 2024.'],
    [{ dueDateMoves: 2 }, 'amber date_moved: Its due date has moved 2 times; now due 31 October 2024.'],
    [{ ownerRag: 'amber', ownerRagReason: 'Recruitment is slow.' }, 'amber owner_amber: Its owner rated it amber: Recruitment is slow.'],
    [{ ownerRag: 'red', dueDateMoves: 1 }, 'red owner_red: Its owner rated it red.'],
    // The owner's rating makes things worse, never better.
    [{ ownerRag: 'green', workingDaysToDue: -1 }, 'red past_due: Due 31 October 2024: 1 working day overdue, 40% done.'],
    [{ ownerRag: 'amber', workingDaysToDue: -1 }, 'red past_due: Due 31 October 2024: 1 working day overdue, 40% done.'],
  ])('%j is rated "%s"', (over, expected) => {
    expect(rate(over as Partial<ActionRagFacts>)).toBe(expected);
  });

  it('follows the council’s own thresholds, colours and words', () => {
    const strict: RagPolicy = {
      ...policy,
      ratings: { ...policy.ratings, at_risk: { colour: 'yellow', label: 'Some concerns' } },
      atRisk: { dueWithinWorkingDays: 20, progressBelowPercent: 75, dateMovedTimes: 3 },
      ownerRating: 'ignore',
    };
    expect(rate({ workingDaysToDue: 15, percentComplete: 60 }, strict)).toMatch(
      /^yellow due_soon: .*at risk below 75% within 20 working days/,
    );
    expect(rate({ dueDateMoves: 2 }, strict)).toMatch(/^green on_schedule/);
    expect(rate({ ownerRag: 'red' }, strict)).toMatch(/^green on_schedule/);
    expect(rateAction(facts({ workingDaysToDue: 15 }), strict).label).toBe('Some concerns');
  });

  it('rates an area by its worst open action, and says which', () => {
    const rated = (reference: string, over: Partial<ActionRagFacts>) => ({ reference, rating: rateAction(facts(over), policy) });
    const area = rateArea(
      [
        rated('1.1', { state: 'completed' }),
        rated('1.2', { workingDaysToDue: -2 }),
        rated('1.3', {}),
        rated('1.4', { workingDaysToDue: -9 }),
      ],
      policy,
      [],
    );
    expect(area).toMatchObject({
      colour: 'red',
      status: 'overdue',
      rule: 'worst_action',
      reason: "2 of 4 actions overdue (1.2, 1.4); an area takes its worst action's rating.",
    });
    expect(area.counts).toMatchObject({ complete: 1, overdue: 2, on_track: 1 });
    expect(rateArea([rated('2.1', { state: 'completed' }), rated('2.2', { state: 'cancelled' })], policy, [])).toMatchObject({
      colour: 'blue',
      rule: 'all_complete',
      // Activity is not impact: with nothing to measure it by, the reason says so.
      reason: 'Every action is complete. No measure of impact shows yet whether things are better for children.',
    });
    expect(rateArea([], policy, [])).toMatchObject({ colour: 'amber', rule: 'no_actions' });
  });
});

describe('an area rated by its actions and its measures', () => {
  const done = { reference: '1.1', rating: rateAction(facts({ state: 'completed' }), policy) };
  const onTrack = { reference: '1.2', rating: rateAction(facts({}), policy) };
  const measure = (status: 'green' | 'amber' | 'red' | 'no_data', missing: { period: string } | null = null) => ({
    name: 'Children seen within 5 working days',
    rating: {
      status,
      label: { green: 'On trajectory', amber: 'Slightly behind', red: 'Behind trajectory', no_data: 'No data yet' }[status],
      reason: '61% against a trajectory of 70% for March 2025.',
      missing,
    },
  });

  it('is made worse by a measure behind its trajectory, and says by which', () => {
    expect(rateArea([done, onTrack], policy, [measure('green'), measure('red')])).toMatchObject({
      status: 'off_track',
      rule: 'measure_red',
      reason:
        "Its measure “Children seen within 5 working days” is behind trajectory: 61% against a trajectory of 70% for March 2025. By its actions alone: 1 of 2 actions on track (1.2); an area takes its worst action's rating.",
    });
    expect(rateArea([onTrack], policy, [measure('amber')])).toMatchObject({ status: 'at_risk', rule: 'measure_amber' });
  });

  it('is not complete while a measure is behind, though every action is done', () => {
    expect(rateArea([done], policy, [measure('amber')])).toMatchObject({ status: 'at_risk', rule: 'measure_amber' });
    expect(rateArea([done], policy, [measure('green')])).toMatchObject({ status: 'complete', rule: 'all_complete' });
  });

  it('is never made better by a measure, and names figures that are missing', () => {
    const overdue = { reference: '1.3', rating: rateAction(facts({ workingDaysToDue: -2 }), policy) };
    // Its actions set the rating; the measure behind is still part of why.
    expect(rateArea([overdue], policy, [measure('amber'), measure('red')])).toMatchObject({
      status: 'overdue',
      rule: 'worst_action',
      reason:
        "1 of 1 action overdue (1.3); an area takes its worst action's rating. Its measure “Children seen within 5 working days” is behind trajectory too.",
    });
    expect(rateArea([overdue], policy, [measure('red'), measure('red')]).reason).toMatch(
      /\. 2 of its measures, among them “Children seen within 5 working days”, are behind trajectory too\.$/,
    );
    expect(rateArea([onTrack], policy, [measure('no_data', { period: '2025-03' })]).reason).toBe(
      "1 of 1 action on track (1.2); an area takes its worst action's rating. Figures are missing for “Children seen within 5 working days”.",
    );
  });
});
