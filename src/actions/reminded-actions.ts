import type { EntityManager } from 'typeorm';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { nameBySubject, type ReminderSubjectName } from '../reminders/reminder-kind.js';
import type { Reminder } from '../reminders/reminder.entity.js';
import type { Action } from './action.entity.js';
import { actionRepository } from './action.repository.js';

/** The actions a batch of an action kind's reminders is about, each with its area: what the reminders' lines name. */
export async function remindedActions(
  manager: EntityManager,
  reminders: readonly Reminder[],
): Promise<{ actions: Map<string, Action>; areas: Map<string, ImprovementArea> }> {
  const actions = new Map(
    (await actionRepository.byIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))])).map((a) => [a.id, a]),
  );
  const areas = new Map(
    (await areaRepository.byIds(manager, [...new Set([...actions.values()].map((a) => a.areaId))])).map((a) => [a.id, a]),
  );
  return { actions, areas };
}

/** The actions a batch of an action kind's reminders is about, named as their lines name them. */
export async function namedActions(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
  const { actions, areas } = await remindedActions(manager, reminders);
  return nameBySubject(reminders, actions.values(), (action) => ({
    label: actionLabel(action, areas.get(action.areaId)!),
    title: action.title,
    path: `/actions/${action.id}`,
  }));
}

/** "Action 2.1", as a reminder's line names it. */
export const actionLabel = (action: Action, area: ImprovementArea) => `Action ${area.position}.${action.position}`;
