import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { actionWorkflow } from '../../workflows/action.machine.js';
import { actionPlanWorkflow } from '../../workflows/action-plan.machine.js';
import { improvementAreaWorkflow } from '../../workflows/improvement-area.machine.js';

const root = resolve(import.meta.dirname, '../..');
const states = [
  ...new Set([actionPlanWorkflow, improvementAreaWorkflow, actionWorkflow].flatMap((workflow) => Object.keys(workflow.machine.states))),
];

/** Words that are also states, where a file means something else by them: a reminder's or a rating's own vocabulary. */
const OTHER_VOCABULARIES: Record<string, string[]> = {
  // A reminder no longer wanted is "cancelled": a status of the reminders table, not an action's state.
  'src/reminders/reminder.entity.ts': ['cancelled'],
  'src/reminders/reminder-schedule.ts': ['cancelled'],
  'src/reminders/reminder-sweeper.service.ts': ['cancelled'],
  // A cancelled action is rated "cancelled" (config/rag.yaml's ratings), and the rules that rate finished or blocked
  // actions are named completed, cancelled and blocked in config/rag.yaml and in every rating's `rule`.
  'src/rag/rag-rules.ts': ['blocked', 'cancelled', 'completed'],
  'src/reports/committee-paper.ts': ['cancelled'],
  // The ratings chart leaves out the "cancelled" rating.
  'src/charts/progress-charts.ts': ['cancelled'],
};

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return /\.(ts|njk)$/.test(entry.name) ? [path] : [];
  });
}

describe('the workflows’ vocabulary', () => {
  it('is written only in workflows/: everything else names states through the sets it exports', () => {
    const found: string[] = [];
    for (const file of sources(join(root, 'src'))) {
      const name = relative(root, file);
      const text = readFileSync(file, 'utf8');
      for (const state of states) {
        if (OTHER_VOCABULARIES[name]?.includes(state)) continue;
        if (text.includes(`'${state}'`) || text.includes(`"${state}"`)) found.push(`${name}: ${state}`);
      }
    }
    expect(found).toEqual([]);
  });
});
