import { monthInWords } from '../../workflows/workflow.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
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
import { ReminderSchedule } from '../reminders/reminder-schedule.js';
import type {} from '../improvement-areas/area.changes.js';
import type {} from './measure.changes.js';
import type { Measure } from './measure.entity.js';
import { dataDueOn } from './measure-rating.js';
import { measureRepository } from './measure.repository.js';
import { MeasuresService } from './measures.service.js';

/**
 * A measure's figures falling due: whoever enters them is reminded ahead of the date a month's (or a
 * quarter's) value is due, on the day, and chased while it is late. One period at a time: once its
 * value is in, the next period's reminders are planned. Rules: measureData in config/reminders.yaml;
 * when a value is due: measures.dataDueDaysAfterPeriod in config/rag.yaml.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class MeasureDataReminders implements ReminderKind, FollowUp {
  readonly subject = 'measure';
  private readonly rules: DeadlineReminders;

  readonly follows: FollowUpHandlers = {
    // A value entered, a new owner, a new baseline or frequency: each can change which period is chased, or who is.
    'measure:written': (manager, { record }) => this.plan(manager, record),
    // A closed area asks for no more figures.
    'area:moved': async (manager, { record }) => {
      for (const measure of await measureRepository.ofAreas(manager, [record.id])) await this.plan(manager, measure, record);
    },
  };

  constructor(
    private readonly measures: MeasuresService,
    private readonly policy: Policy,
    private readonly schedule: ReminderSchedule,
  ) {
    this.rules = policy.reminderRules('measureData');
  }

  async plan(manager: EntityManager, measure: Measure, known?: ImprovementArea): Promise<void> {
    const area = known ?? (await areaRepository.byId(manager, measure.areaId))!;
    const values = await measureRepository.valuesOf(manager, [measure.id]);
    const dueOn = CLOSED_AREA_STATES.includes(area.state)
      ? null
      : dataDueOn(this.measures.chasedPeriod(measure, values), this.policy.measures);
    await this.schedule.keep(manager, {
      subject: this.subject,
      subjectId: measure.id,
      inspectionId: area.inspectionId,
      dueOn,
      reminders: dueOn
        ? this.schedule.steps(dueOn, this.rules).map((step) => ({ ...step, recipientId: measure.ownerId, recipientRole: 'owner' }))
        : [],
    });
  }

  async replan(manager: EntityManager, measureId: string): Promise<void> {
    const measure = await measureRepository.byId(manager, measureId);
    if (measure) await this.plan(manager, measure);
  }

  async name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    const measures = await measureRepository.byIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))]);
    const areas = new Map((await areaRepository.byIds(manager, [...new Set(measures.map((m) => m.areaId))])).map((a) => [a.id, a]));
    return nameBySubject(reminders, measures, (measure) => ({
      label: `Measure for area ${areas.get(measure.areaId)!.position}`,
      title: measure.name,
      path: `/measures/${measure.id}`,
    }));
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const measures = await measureRepository.byIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))]);
    const areas = new Map((await areaRepository.byIds(manager, [...new Set(measures.map((m) => m.areaId))])).map((a) => [a.id, a]));
    const values = await measureRepository.valuesOf(
      manager,
      measures.map((measure) => measure.id),
    );
    const byId = new Map(measures.map((measure) => [measure.id, measure]));
    return new Map(
      reminders.map((reminder) => {
        const measure = byId.get(reminder.subjectId);
        if (!measure) return [reminder.id, null];
        const area = areas.get(measure.areaId)!;
        const own = values.filter((value) => value.measureId === measure.id);
        const period = this.measures.chasedPeriod(measure, own);
        const applies =
          !CLOSED_AREA_STATES.includes(area.state) &&
          measure.ownerId === reminder.recipientId &&
          dataDueOn(period, this.policy.measures) === reminder.dueOn;
        if (!applies) return [reminder.id, null];
        const rating = this.measures.rate(measure, own);
        return [
          reminder.id,
          {
            label: `Measure for area ${area.position}`,
            title: `${measure.name}: the value for ${monthInWords(period)}`,
            path: `/measures/${measure.id}`,
            ownerName: null,
            rag: rating.label,
            ragReason: rating.reason,
            ratingName: 'Rating',
          },
        ];
      }),
    );
  }

  /** The date the next value of each measure the person enters figures for is due. */
  async calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]> {
    return (await this.measures.nextFiguresOf(manager, userId)).map(({ measure, area, period, dueOn }) => ({
      uid: `measure-${measure.id}`,
      date: dueOn,
      title: `Value due for ${monthInWords(period)}: ${measure.name}`,
      description: `Improvement area ${area.position}: ${area.title}\nWhere the figures come from: ${measure.dataSource}`,
      path: `/measures/${measure.id}`,
    }));
  }
}
