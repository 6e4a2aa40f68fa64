import { listInWords } from '../../workflows/workflow.js';
import type { IsoDate } from '../common/dates.js';
import type { PlanArea } from '../reports/plan-model.service.js';
import { longDate } from '../reminders/reminder-messages.js';

/** Who can sign in, by email address: a person named on the plan without access gets emails whose links they cannot open. */
type CanSignIn = (email: string) => boolean;

const numbered = (noun: string, references: readonly string[]) =>
  `${noun}${references.length === 1 ? '' : 's'} ${listInWords([...references])}`;

/**
 * What a director should look at before recording approval or submission: nothing here stops either, but each is
 * something the plan will answer for later. Areas without a measure of impact (the committee will have no figures to
 * judge them by), people named on the plan who cannot sign in, and due dates that are not working days.
 */
export function pointsToCheck(areas: readonly PlanArea[], canSignIn: CanSignIn, isWorkingDay: (date: IsoDate) => boolean): string[] {
  const points: string[] = [];
  const unmeasured = areas.filter((area) => !area.measures?.length).map((area) => area.reference);
  if (unmeasured.length > 0)
    points.push(
      `${numbered('Area', unmeasured)} ${unmeasured.length === 1 ? 'has' : 'have'} no measure of impact, so the committee will have no figures to show whether things are better for children there.`,
    );

  const without = new Map<string, { name: string; leads: string[]; owns: string[] }>();
  const note = (person: { name: string; email: string } | null, role: 'leads' | 'owns', reference: string) => {
    if (!person || canSignIn(person.email)) return;
    const entry = without.get(person.email) ?? { name: person.name, leads: [], owns: [] };
    entry[role].push(reference);
    without.set(person.email, entry);
  };
  for (const area of areas) {
    note(area.leadOfficer, 'leads', area.reference);
    for (const action of area.actions) note(action.owner, 'owns', action.reference);
  }
  for (const { name, leads, owns } of without.values()) {
    const work = [
      ...(leads.length > 0 ? [`leads ${numbered('area', leads)}`] : []),
      ...(owns.length > 0 ? [`owns ${numbered('action', owns)}`] : []),
    ];
    points.push(
      `${name} ${listInWords(work)} but cannot sign in: they will be sent reminders whose links they cannot open. An administrator can give them access.`,
    );
  }

  for (const area of areas)
    for (const action of area.actions)
      if (action.dueOn && !isWorkingDay(action.dueOn))
        points.push(`Action ${action.reference} is due on ${longDate(action.dueOn)}, which is not a working day.`);
  return points;
}
