import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { finishesOrReopens } from '../../workflows/action.machine.js';
import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import type {} from '../actions/action.changes.js';
import { actionRepository, type AreaReadiness } from '../actions/action.repository.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import type {} from '../inspections/inspection.changes.js';
import type { Inspection } from '../inspections/inspection.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import {
  nameBySubject,
  RemindsOf,
  type CalendarDate,
  type ReminderKind,
  type ReminderLine,
  type ReminderSubjectName,
} from '../reminders/reminder-kind.js';
import type { Reminder } from '../reminders/reminder.entity.js';
import { ReminderSchedule, type PlannedReminder } from '../reminders/reminder-schedule.js';
import type {} from './area.changes.js';
import { areaRepository } from './area.repository.js';
import type { ImprovementArea } from './improvement-area.entity.js';
import { givesDate, timeframeDueOn } from './timeframes.js';

/** What an area's reminders depend on besides its state: its date (from its timeframe) and its lead. */
const WHO_AND_WHEN = ['timeframe', 'leadOfficerId'];

/**
 * An improvement area's date, where its timeframe gives one ("Within three months" of publication):
 * its lead officer is reminded ahead of it, on the day, and while it has passed with the area's work
 * unfinished (an action still open, or none yet). Rules: areaDue in config/reminders.yaml.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class AreaDueReminders implements ReminderKind, FollowUp {
  readonly subject = 'area';
  private readonly rules: DeadlineReminders;

  readonly follows: FollowUpHandlers = {
    'area:written': async (manager, { record, created, changed }) => {
      if (created || changed.some((field) => WHO_AND_WHEN.includes(field))) await this.plan(manager, record);
    },
    'area:moved': (manager, { record }) => this.plan(manager, record),
    // The dates count from publication.
    'inspection:written': async (manager, { record, created, changed }) => {
      if (created || !changed.includes('publishedOn')) return;
      for (const area of await areaRepository.ofPlan(manager, record.id)) await this.plan(manager, area, record);
    },
    // An area's work is done when its last open action is: added, finished or reopened actions change that.
    'action:written': async (manager, { record, created }) => {
      if (created) await this.replanIfDated(manager, record.areaId);
    },
    'action:moved': async (manager, { record, move }) => {
      if (finishesOrReopens(move.from, move.to)) await this.replanIfDated(manager, record.areaId);
    },
    'action:removed': (manager, { record }) => this.replanIfDated(manager, record.areaId),
  };

  constructor(
    private readonly policy: Policy,
    private readonly schedule: ReminderSchedule,
  ) {
    this.rules = policy.reminderRules('areaDue');
  }

  async plan(manager: EntityManager, area: ImprovementArea, plan?: Inspection): Promise<void> {
    const inspection = plan ?? (await inspectionRepository.byId(manager, area.inspectionId))!;
    const dueOn = timeframeDueOn(this.policy, area.timeframe, inspection.publishedOn);
    const reminders: PlannedReminder[] = [];
    if (dueOn && area.leadOfficerId && (await workOutstanding(manager, area))) {
      const lead = { recipientId: area.leadOfficerId, recipientRole: 'area_lead' };
      reminders.push(...this.schedule.steps(dueOn, this.rules).map((step) => ({ ...step, ...lead })));
    }
    await this.schedule.keep(manager, { subject: this.subject, subjectId: area.id, inspectionId: area.inspectionId, dueOn, reminders });
  }

  async replan(manager: EntityManager, areaId: string): Promise<void> {
    const area = await areaRepository.byId(manager, areaId);
    if (area) await this.plan(manager, area);
  }

  /** After a change to its actions: an area whose timeframe gives no date has no reminders for it to change. */
  private async replanIfDated(manager: EntityManager, areaId: string): Promise<void> {
    const area = await areaRepository.byId(manager, areaId);
    if (area && givesDate(this.policy, area.timeframe)) await this.plan(manager, area);
  }

  async name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    const areas = await areaRepository.byIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))]);
    const councilOf = await inspectionRepository.councilsOf(manager, [...new Set(areas.map((area) => area.inspectionId))]);
    return nameBySubject(reminders, areas, (area) => ({
      label: `Improvement area ${area.position} (${councilOf.get(area.inspectionId)})`,
      title: area.title,
      path: `/areas/${area.id}`,
    }));
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const areas = await areaRepository.byIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))]);
    const planIds = [...new Set(areas.map((area) => area.inspectionId))];
    const inspections = new Map((await inspectionRepository.byIds(manager, planIds)).map((inspection) => [inspection.id, inspection]));
    const councilOf = await inspectionRepository.councilsOf(manager, planIds);
    // One statement for every area's open actions, not one per reminder.
    const readiness = await actionRepository.readiness(
      manager,
      areas.map((area) => area.id),
    );
    const lines = new Map<string, ReminderLine | null>();
    for (const reminder of reminders) {
      const area = areas.find((candidate) => candidate.id === reminder.subjectId);
      const inspection = area ? inspections.get(area.inspectionId) : undefined;
      const open = area ? openOf(area, readiness) : 0;
      const applies =
        area !== undefined &&
        inspection !== undefined &&
        area.leadOfficerId === reminder.recipientId &&
        timeframeDueOn(this.policy, area.timeframe, inspection.publishedOn) === reminder.dueOn &&
        open !== 0;
      lines.set(
        reminder.id,
        applies
          ? {
              label: `Improvement area ${area.position} (${councilOf.get(area.inspectionId)})`,
              title: `${area.title} (${area.timeframe} of the report)`,
              path: `/areas/${area.id}`,
              ownerName: null,
              rag: null,
              ragReason: null,
              // What its lead can do about it: see the work done, or have its dates put right.
              todo:
                open === null
                  ? 'ask a deputy director to add its actions, with owners and dates.'
                  : `see that its ${open === 1 ? 'open action is' : `${open} open actions are`} done, or ask a deputy director to move ${open === 1 ? 'its date' : 'their dates'}, with why.`,
            }
          : null,
      );
    }
    return lines;
  }

  /** The date of each open area the person leads, where its timeframe gives one. */
  async calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]> {
    const led = await areaRepository.openLedBy(manager, userId);
    const inspections = new Map(
      (await inspectionRepository.byIds(manager, [...new Set(led.map((area) => area.inspectionId))])).map((i) => [i.id, i]),
    );
    const councilOf = await inspectionRepository.councilsOf(manager, [...inspections.keys()]);
    return led.flatMap((area) => {
      const dueOn = timeframeDueOn(this.policy, area.timeframe, inspections.get(area.inspectionId)!.publishedOn);
      if (!dueOn) return [];
      return [
        {
          uid: `area-${area.id}`,
          date: dueOn,
          title: `Improvement area ${area.position} due: ${area.title}`,
          description: `${councilOf.get(area.inspectionId)}: ${area.timeframe} of the report's publication.`,
          path: `/areas/${area.id}`,
        },
      ];
    });
  }
}

/** Not closed, and not every action finished: a new area with no actions yet still has its work ahead. */
async function workOutstanding(manager: EntityManager, area: ImprovementArea): Promise<boolean> {
  return openOf(area, await actionRepository.readiness(manager, [area.id])) !== 0;
}

/** The area's actions still to finish: none once it is closed, null while it has no actions at all. */
function openOf(area: ImprovementArea, readiness: Map<string, AreaReadiness>): number | null {
  if (CLOSED_AREA_STATES.includes(area.state)) return 0;
  return readiness.get(area.id)?.open ?? null;
}
