import { BLOCKED_ACTION_STATES, FINISHED_ACTION_STATES } from '../../workflows/action.machine.js';
import { listInWords } from '../../workflows/workflow.js';
import type { IsoDate } from '../common/dates.js';
import type { PlanModel } from '../reports/plan-model.service.js';

/** Whether someone named on the plan can sign in, as the Users page judges it: without, they get emails whose links they cannot open. */
type CanSignIn = (email: string) => boolean;
/** A day that is not a working day in words ("Saturday 31 August 2024", "Monday 29 March 2027, Easter Monday"); null for a working day. */
type DayOff = (date: IsoDate) => string | null;

const numbered = (noun: string, references: readonly string[]) =>
  `${noun}${references.length === 1 ? '' : 's'} ${listInWords([...references])}`;

/**
 * What a director should look at before recording approval or submission: nothing here stops either. Areas without a
 * measure of impact (the committee will have no figures to judge them by), people named on the plan who cannot sign
 * in, open actions due on a day that is not a working day, and actions already overdue or blocked.
 */
export function pointsToCheck(plan: Pick<PlanModel, 'areas' | 'planLead'>, canSignIn: CanSignIn, dayOff: DayOff): string[] {
  const points: string[] = [];
  const unmeasured = plan.areas.filter((area) => !area.measures?.length).map((area) => area.reference);
  if (unmeasured.length > 0)
    points.push(
      `${numbered('Area', unmeasured)} ${unmeasured.length === 1 ? 'has' : 'have'} no measure of impact, so the committee will have no figures to show whether things are better for children there.`,
    );

  // Each person's work, by what they do to it and, where it is numbered, what it is: "owns actions 1.1 and 1.3".
  type Work = { does: string; noun: string | null; items: string[] };
  const without = new Map<string, { name: string; work: Map<string, Work> }>();
  const note = (person: { name: string; email: string } | null, does: string, noun: string | null, item: string) => {
    if (!person || canSignIn(person.email)) return;
    const entry = without.get(person.email) ?? { name: person.name, work: new Map<string, Work>() };
    const kind = entry.work.get(`${does} ${noun}`) ?? { does, noun, items: [] };
    kind.items.push(item);
    entry.work.set(`${does} ${noun}`, kind);
    without.set(person.email, entry);
  };
  note(plan.planLead, 'leads', null, 'the plan');
  for (const area of plan.areas) {
    note(area.leadOfficer, 'leads', 'area', area.reference);
    for (const action of area.actions) note(action.owner, 'owns', 'action', action.reference);
    for (const measure of area.measures ?? []) note(measure.owner, 'enters the figures of', null, `“${measure.name}”`);
  }
  for (const { name, work } of without.values()) {
    const what = [...work.values()].map(({ does, noun, items }) => `${does} ${noun ? numbered(noun, items) : listInWords(items)}`);
    points.push(
      `${name} ${listInWords(what)} but cannot sign in: they will be sent reminders whose links they cannot open. An administrator can give them access.`,
    );
  }

  for (const area of plan.areas)
    for (const action of area.actions) {
      const off = action.dueOn && !FINISHED_ACTION_STATES.includes(action.state) ? dayOff(action.dueOn) : null;
      if (off) points.push(`Action ${action.reference} is due on ${off}, which is not a working day.`);
    }
  // What Ofsted will read as slipping already: the plan's own ratings, as every page gives them.
  const slipping = (status: string) =>
    plan.areas.flatMap((area) => area.actions.filter((action) => action.rating.status === status).map((action) => action.reference));
  const overdue = slipping('overdue');
  if (overdue.length > 0)
    points.push(
      `${numbered('Action', overdue)} ${overdue.length === 1 ? 'is already past its due date' : 'are already past their due dates'}, and not done.`,
    );
  const blocked = plan.areas.flatMap((area) =>
    area.actions.filter((action) => BLOCKED_ACTION_STATES.includes(action.state)).map((action) => action.reference),
  );
  if (blocked.length > 0)
    points.push(
      `${numbered('Action', blocked)} ${blocked.length === 1 ? 'is' : 'are'} blocked: the reason is on ${blocked.length === 1 ? 'its page' : 'each one’s page'}.`,
    );
  return points;
}
