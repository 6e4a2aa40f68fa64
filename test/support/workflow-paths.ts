import { getSimplePaths } from 'xstate/graph';
import { startWorkflow, stepWorkflow, type PersistedWorkflow, type Workflow } from '../../workflows/workflow.js';

/**
 * Walks every simple path of a workflow's graph and replays it the way the server does:
 * persist after each step, restore, step again. Returns the state each path ends in,
 * as reached by the graph and as reached through persistence.
 */
export function replayEveryPath(workflow: Workflow, events: Array<{ type: string }>) {
  // States are told apart by name alone: counters in context (reviews held) would make every loop a new state.
  const paths = getSimplePaths(workflow.machine, {
    events: events as never,
    serializeState: (snapshot) => String(snapshot.value),
  });
  return paths.map((path) => {
    let persisted: PersistedWorkflow = startWorkflow(workflow);
    const trail: string[] = [persisted.value];
    for (const step of path.steps.slice(1)) {
      const result = stepWorkflow(workflow, JSON.parse(JSON.stringify(persisted)) as PersistedWorkflow, step.event, 'service');
      if (result.outcome !== 'moved') throw new Error(`Path ${trail.join(' > ')} could not take ${step.event.type}: ${result.outcome}`);
      persisted = result.persisted;
      trail.push(persisted.value);
    }
    return { graphState: String(path.state.value), replayedState: persisted.value, trail, context: persisted.context };
  });
}

/** The machine's whole transition table, state -> event -> target, to compare with the one we mean. */
export function transitionTable(workflow: Workflow): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(workflow.machine.states).map(([name, node]) => [
      name,
      Object.fromEntries(
        Object.entries(node.on).map(([event, transitions]) => [
          event,
          transitions.map((t) => t.target?.map((n) => n.key).join(',') ?? name).join('|'),
        ]),
      ),
    ]),
  );
}
