import { replayEveryPath, transitionTable } from '../test/support/workflow-paths.js';
import { actionPlanWorkflow, type ActionPlanEvent, type ActionPlanFacts } from './action-plan.machine.js';
import { startWorkflow, stepWorkflow } from './workflow.js';

const facts: ActionPlanFacts = {
  areaCount: 4,
  areasNotReady: [],
  areasOpen: 0,
  draftPlanDueOn: null,
  planDueOn: '2024-07-18',
  today: '2024-07-10',
  happenedOn: '2024-07-10',
};
const event = (type: ActionPlanEvent['type'], over: Partial<ActionPlanFacts> = {}): ActionPlanEvent => ({ type, ...facts, ...over });

describe('action plan workflow', () => {
  it('is approved before it is submitted, and closes when its areas have', () => {
    expect(transitionTable(actionPlanWorkflow)).toEqual({
      draft: { APPROVE: 'approved', SEND_DRAFT: 'draft', DEADLINE_PASSED: 'draft' },
      approved: { RETURN_TO_DRAFT: 'draft', SUBMIT: 'submitted', SEND_DRAFT: 'approved', DEADLINE_PASSED: 'approved' },
      submitted: { CLOSE: 'closed' },
      closed: {},
    });
  });

  it('reaches every state along every path, and persistence never changes where a path ends', () => {
    const events = [
      event('APPROVE'),
      event('APPROVE', { areaCount: 0 }),
      event('RETURN_TO_DRAFT'),
      event('SUBMIT'),
      event('SUBMIT', { areasNotReady: ['2 Supervision'] }),
      event('CLOSE'),
      event('CLOSE', { areasOpen: 1 }),
      event('DEADLINE_PASSED', { today: '2024-07-19' }),
      event('SEND_DRAFT', { draftPlanDueOn: '2024-05-08' }),
    ];
    const paths = replayEveryPath(actionPlanWorkflow, events);
    for (const path of paths) expect(path.replayedState).toBe(path.graphState);
    expect(new Set(paths.map((p) => p.graphState))).toEqual(new Set(Object.keys(actionPlanWorkflow.machine.states)));
    for (const path of paths.filter((p) => p.graphState === 'submitted')) expect(path.trail).toContain('approved');
  });

  it('names the areas that are not ready', () => {
    const result = stepWorkflow(
      actionPlanWorkflow,
      startWorkflow(actionPlanWorkflow),
      event('APPROVE', { areasNotReady: ['1 Placement sufficiency', '3 Supervision'] }),
    );
    expect(result).toMatchObject({
      outcome: 'refused',
      reasons: ['Each area needs at least one action with an owner and a due date. Not ready: 1 Placement sufficiency; 3 Supervision.'],
    });
  });

  it('records a missed deadline once, and only once it has passed', () => {
    const draft = startWorkflow(actionPlanWorkflow);
    expect(stepWorkflow(actionPlanWorkflow, draft, event('DEADLINE_PASSED', { today: '2024-07-19' }))).toEqual({
      outcome: 'not_accepted',
      state: 'draft',
      accepted: ['APPROVE', 'SEND_DRAFT'],
    });
    expect(stepWorkflow(actionPlanWorkflow, draft, event('DEADLINE_PASSED', { today: '2024-07-18' }), 'service')).toMatchObject({
      outcome: 'refused',
      reasons: ['The deadline, 18 July 2024, has not passed.'],
    });
    const missed = stepWorkflow(actionPlanWorkflow, draft, event('DEADLINE_PASSED', { today: '2024-07-19' }), 'service');
    expect(missed).toMatchObject({
      outcome: 'moved',
      from: 'draft',
      to: 'draft',
      persisted: { context: { deadlineMissedOn: '2024-07-19' } },
    });
    if (missed.outcome !== 'moved') return;
    expect(stepWorkflow(actionPlanWorkflow, missed.persisted, event('DEADLINE_PASSED', { today: '2024-07-22' }), 'service')).toMatchObject({
      outcome: 'refused',
      reasons: ['The missed deadline was already recorded on 19 July 2024.'],
    });
  });

  it('judges lateness on the day the plan was sent, not the day it was recorded', () => {
    const approved = stepWorkflow(actionPlanWorkflow, startWorkflow(actionPlanWorkflow), event('APPROVE', { happenedOn: '2024-07-16' }));
    expect(approved).toMatchObject({ outcome: 'moved', persisted: { context: { approvedOn: '2024-07-16' } } });
    if (approved.outcome !== 'moved') return;
    // Sent on the deadline, recorded the next day, after the service had recorded the deadline as missed.
    const missed = stepWorkflow(actionPlanWorkflow, approved.persisted, event('DEADLINE_PASSED', { today: '2024-07-19' }), 'service');
    if (missed.outcome !== 'moved') throw new Error('the missed deadline was not recorded');
    const onTime = stepWorkflow(actionPlanWorkflow, missed.persisted, event('SUBMIT', { today: '2024-07-19', happenedOn: '2024-07-18' }));
    expect(onTime).toMatchObject({
      outcome: 'moved',
      to: 'submitted',
      persisted: { context: { submittedOn: '2024-07-18', submittedLate: false, deadlineMissedOn: null } },
    });
    const late = stepWorkflow(actionPlanWorkflow, missed.persisted, event('SUBMIT', { today: '2024-07-19', happenedOn: '2024-07-19' }));
    expect(late).toMatchObject({
      persisted: { context: { submittedOn: '2024-07-19', submittedLate: true, deadlineMissedOn: '2024-07-19' } },
    });
  });

  it('records the draft plan sent, once, and only when Ofsted asked for one', () => {
    const draft = startWorkflow(actionPlanWorkflow);
    expect(stepWorkflow(actionPlanWorkflow, draft, event('SEND_DRAFT'))).toMatchObject({
      outcome: 'refused',
      reasons: ['Ofsted has not asked for a draft plan: only a focused visit with areas for priority action does.'],
    });
    const asked = { draftPlanDueOn: '2024-05-08', today: '2024-05-09' };
    const sent = stepWorkflow(actionPlanWorkflow, draft, event('SEND_DRAFT', { ...asked, happenedOn: '2024-05-08' }));
    expect(sent).toMatchObject({
      outcome: 'moved',
      from: 'draft',
      to: 'draft',
      persisted: { context: { draftSentOn: '2024-05-08', draftSentLate: false, approvedOn: null } },
    });
    if (sent.outcome !== 'moved') return;
    expect(stepWorkflow(actionPlanWorkflow, sent.persisted, event('SEND_DRAFT', asked))).toMatchObject({
      outcome: 'refused',
      reasons: ['The draft plan was already sent to Ofsted on 8 May 2024.'],
    });
    expect(stepWorkflow(actionPlanWorkflow, draft, event('SEND_DRAFT', { ...asked, happenedOn: '2024-05-09' }))).toMatchObject({
      persisted: { context: { draftSentOn: '2024-05-09', draftSentLate: true } },
    });
  });

  it('moves a plan saved before the draft step existed, reading its draft as not sent', () => {
    const saved = { value: 'draft', context: { approvedOn: null, deadlineMissedOn: null, submittedOn: null, submittedLate: false } };
    const sent = stepWorkflow(actionPlanWorkflow, saved, event('SEND_DRAFT', { draftPlanDueOn: '2024-05-08', happenedOn: '2024-05-07' }));
    expect(sent).toMatchObject({ outcome: 'moved', persisted: { context: { draftSentOn: '2024-05-07', draftSentLate: false } } });
    expect(stepWorkflow(actionPlanWorkflow, saved, event('APPROVE'))).toMatchObject({ outcome: 'moved', to: 'approved' });
  });

  it('an empty plan cannot be approved', () => {
    const result = stepWorkflow(actionPlanWorkflow, startWorkflow(actionPlanWorkflow), event('APPROVE', { areaCount: 0 }));
    expect(result).toMatchObject({ outcome: 'refused', reasons: ['The plan has no improvement areas yet.'] });
  });
});
