import { replayEveryPath, transitionTable } from '../test/support/workflow-paths.js';
import { actionWorkflow, type ActionEvent } from './action.machine.js';
import { startWorkflow, stepWorkflow } from './workflow.js';

const event = (type: ActionEvent['type'], comment = 'Agreed at the improvement board'): ActionEvent => ({ type, comment });

describe('action workflow', () => {
  it('has exactly the lifecycle an action owner follows', () => {
    expect(transitionTable(actionWorkflow)).toEqual({
      not_started: { START: 'in_progress', COMPLETE: 'completed', BLOCK: 'blocked', CANCEL: 'cancelled' },
      in_progress: { COMPLETE: 'completed', BLOCK: 'blocked', CANCEL: 'cancelled' },
      blocked: { UNBLOCK: 'in_progress', CANCEL: 'cancelled' },
      completed: { REOPEN: 'in_progress' },
      cancelled: {},
    });
  });

  it('reaches every state along every path, and persistence never changes where a path ends', () => {
    const types: ActionEvent['type'][] = ['START', 'COMPLETE', 'BLOCK', 'UNBLOCK', 'CANCEL', 'REOPEN'];
    const paths = replayEveryPath(actionWorkflow, [...types.map((t) => event(t)), ...types.map((t) => event(t, ' '))]);
    for (const path of paths) expect(path.replayedState).toBe(path.graphState);
    expect(new Set(paths.map((p) => p.graphState))).toEqual(new Set(Object.keys(actionWorkflow.machine.states)));
  });

  it.each(['BLOCK', 'CANCEL'] as const)('%s without a reason is refused with a message', (type) => {
    const result = stepWorkflow(actionWorkflow, startWorkflow(actionWorkflow), event(type, '  '));
    expect(result).toMatchObject({
      outcome: 'refused',
      state: 'not_started',
      reasons: [`Give a reason to ${type.toLowerCase()} an action.`],
    });
  });

  it('a cancelled action accepts nothing more', () => {
    const cancelled = stepWorkflow(actionWorkflow, startWorkflow(actionWorkflow), event('CANCEL'));
    if (cancelled.outcome !== 'moved') throw new Error('expected the action to be cancelled');
    expect(stepWorkflow(actionWorkflow, cancelled.persisted, event('REOPEN'))).toEqual({
      outcome: 'not_accepted',
      state: 'cancelled',
      accepted: [],
    });
  });
});
