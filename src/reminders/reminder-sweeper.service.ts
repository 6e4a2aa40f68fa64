import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { Brackets, DataSource, In, LessThan, LessThanOrEqual, type EntityManager } from 'typeorm';
import { WorkingDays } from '../working-days/working-days.service.js';
import { Clock } from '../common/clock.js';
import { londonTime } from '../common/dates.js';
import { inWords } from '../../workflows/workflow.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { Policy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { activePeopleWithRole, peopleById } from '../users/people.js';
import { User } from '../users/user.entity.js';
import { Mailer } from './mailer.service.js';
import { ReminderTemplates, whenText, type ReminderItem } from './reminder-messages.js';
import { ReminderKinds, type ReminderLine } from './reminder-kind.js';
import { Reminder } from './reminder.entity.js';

export interface SweepResult {
  /** Emails that went out (a digest counts once). */
  messages: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Claimed but no longer true (an action finished or reassigned since): not sent. */
  withdrawn: number;
}

/** How long a sweep may hold reminders before another instance may take them over. */
const LEASE_MS = 5 * 60_000;
const BATCH = 500;
/** What an email calls a line's rating, unless its kind names it otherwise. */
const RAG_RATING = 'RAG rating';

/**
 * Sends the reminders that are due. Several instances may sweep one database at once: each
 * claims rows with a lease (PostgreSQL hands out disjoint batches with SKIP LOCKED), sends
 * outside any transaction, then marks what it sent. Delivery is at least once: a crash after
 * the mail server accepted a message and before it is marked sent resends that message, with
 * the same Message-ID.
 */
@Injectable()
export class ReminderSweeper implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderSweeper.name);
  private readonly templates: ReminderTemplates;
  private running: Promise<SweepResult> | null = null;
  private stopping = false;

  constructor(
    private readonly workingDays: WorkingDays,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly mailer: Mailer,
    private readonly kinds: ReminderKinds,
    private readonly policy: Policy,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.templates = new ReminderTemplates(environment.configDir);
    if (!this.templates.listNews)
      this.logger.warn(
        `The reminder emails' templates in ${environment.configDir}/templates do not list news (actions newly assigned): each is listed by its due date instead. The templates that come with the service show how to list it.`,
      );
    else if (!this.templates.listUpdates)
      this.logger.warn(
        `The reminder emails' templates in ${environment.configDir}/templates do not list updates (on actions the reader assigned): each is listed by its date instead. The templates that come with the service show how to list them.`,
      );
    else if (!this.templates.listCommittee)
      this.logger.warn(
        `The reminder emails' templates in ${environment.configDir}/templates do not list the scrutiny committee's questions (fromCommittee): each is listed by its date instead. The templates that come with the service show how to list them.`,
      );
  }

  /** One sweep; a sweep already running in this process is joined, not doubled. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepAll().finally(() => (this.running = null));
    return this.running;
  }

  /** On shutdown: finish the message in hand, hand back the rest at once, and start nothing new. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Emails go out on working days between the configured times, in England's time. */
  isSendingTime(): boolean {
    const now = this.clock.now();
    const time = londonTime(now);
    return (
      this.workingDays.isWorkingDay(this.clock.today()) &&
      time >= this.policy.reminders.sendAt &&
      time < this.policy.reminders.stopSendingAt
    );
  }

  /** What a sweep now would send, without sending or claiming anything. */
  dueNow(): Promise<Array<{ reminder: Reminder; recipient: string }>> {
    return this.unitOfWork.read(async (manager) => {
      const due = await this.dueQuery(manager, this.clock.now().toISOString()).getMany();
      const people = new Map(
        (await manager.findBy(User, { id: In([...new Set(due.map((r) => r.recipientId))]) })).map((u) => [u.id, u.email]),
      );
      return due.map((reminder) => ({ reminder, recipient: people.get(reminder.recipientId) ?? reminder.recipientId }));
    });
  }

  private async sweepAll(): Promise<SweepResult> {
    const result: SweepResult = { messages: 0, sent: 0, retrying: 0, failed: 0, withdrawn: 0 };
    if (!this.isSendingTime()) return result;
    while (!this.stopping) {
      const batch = await this.claimDue();
      if (batch.reminders.length === 0) break;
      await this.deliver(batch.reminders, batch.token, result);
      await this.release(batch.token);
    }
    if (result.messages + result.failed > 0) this.logger.log(`Reminders: ${JSON.stringify(result)}`);
    return result;
  }

  /** Reminders due at `now`, soonest first: pending and due, or held by a sweep whose lease ran out. */
  dueQuery(manager: EntityManager, now: string) {
    return manager
      .createQueryBuilder(Reminder, 'reminder')
      .where(
        new Brackets((due) =>
          due
            .where("reminder.status = 'pending' AND reminder.sendAfter <= :now", { now })
            .orWhere("reminder.status = 'claimed' AND reminder.leaseUntil < :now", { now }),
        ),
      )
      .orderBy('reminder.sendAfter', 'ASC')
      .limit(BATCH);
  }

  /** Takes up to one batch of due reminders for this sweep (public for the benchmark). */
  async claimDue(): Promise<{ token: string; reminders: Reminder[] }> {
    const now = this.clock.now();
    const token = randomUUID();
    const reminders = await this.unitOfWork.write(async (manager) => {
      const query = this.dueQuery(manager, now.toISOString()).select('reminder.id', 'id');
      if (this.dataSource.options.type === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await query.getRawMany<{ id: string }>()).map((row) => row.id);
      if (ids.length === 0) return [];
      // The condition is checked again as the rows are taken, so two sweepers never both hold one.
      await manager
        .createQueryBuilder()
        .update(Reminder)
        .set({ status: 'claimed', claimToken: token, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
        .where({ id: In(ids) })
        .andWhere(
          new Brackets((free) => free.where({ status: 'pending' }).orWhere({ status: 'claimed', leaseUntil: LessThan(now.toISOString()) })),
        )
        .execute();
      // By primary key: what this sweep took of the rows it chose.
      return manager.findBy(Reminder, { id: In(ids), claimToken: token });
    });
    return { token, reminders };
  }

  private async deliver(claimed: Reminder[], token: string, result: SweepResult): Promise<void> {
    let reminders = claimed;
    let { items, recipients, withdrawn } = await this.unitOfWork.read((manager) => this.describe(manager, reminders));
    if (withdrawn.length > 0) {
      await this.withdraw(withdrawn, token, result);
      const inBatch = new Set(reminders.map((reminder) => reminder.id));
      const followers = (
        await this.replanWithdrawn(
          reminders.filter((reminder) => withdrawn.includes(reminder.id)),
          token,
        )
      ).filter((follower) => !inBatch.has(follower.id));
      // What takes over from a withdrawn reminder today goes in the same email as the rest of the person's day, not in one of its own.
      if (followers.length > 0) {
        reminders = [...reminders.filter((reminder) => !withdrawn.includes(reminder.id)), ...followers];
        ({ items, recipients, withdrawn } = await this.unitOfWork.read((manager) => this.describe(manager, reminders)));
        if (withdrawn.length > 0) await this.withdraw(withdrawn, token, result);
      }
    }
    // Someone who cannot sign in is told whom to ask for access.
    const administrators = [...recipients.values()].every((recipient) => recipient.active)
      ? []
      : await this.unitOfWork.read((manager) => activePeopleWithRole(manager, 'admin'));
    const byRecipient = new Map<string, ReminderItem[]>();
    for (const item of items)
      byRecipient.set(item.reminders[0].recipientId, [...(byRecipient.get(item.reminders[0].recipientId) ?? []), item]);
    for (const [recipientId, theirs] of byRecipient) {
      const recipient = recipients.get(recipientId)!;
      const messages = recipient.reminderDelivery === 'immediate' ? theirs.map((item) => [item]) : [theirs];
      for (const group of messages) {
        const covered = group.flatMap((item) => item.reminders);
        const ids = covered.map((reminder) => reminder.id).sort();
        if (this.stopping || !(await this.renewLease(ids, token))) continue;
        const messageId = `<${ids.length === 1 ? `reminder.${ids[0]}` : `digest.${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32)}`}@${new URL(this.environment.appUrl).hostname}>`;
        try {
          const rendered = this.templates.render(
            recipient,
            group,
            this.environment.mailFrom.replace(/\s*<.*>$/, ''),
            `${this.environment.appUrl}/settings`,
            administrators,
          );
          await this.mailer.send({
            to: { name: recipient.name, address: recipient.email },
            messageId,
            date: this.clock.now(),
            ...rendered,
          });
        } catch (error) {
          await this.recordFailure(covered, token, error, result);
          continue;
        }
        await this.recordSent(covered, token, messageId);
        result.messages += 1;
        result.sent += covered.length;
      }
    }
  }

  /**
   * Most reminders stop applying through a change, which planned their successors then. Some move on with time alone
   * (a measure's next month falling due while the last is still missing): their kind plans what follows now. Each
   * subject on its own, so that one that cannot be planned holds up nobody's email; and what was just withdrawn stays
   * withdrawn, so that a kind whose plan still wants it cannot send it round again.
   */
  private async replanWithdrawn(withdrawn: Reminder[], token: string): Promise<Reminder[]> {
    const subjects = new Map(withdrawn.map((reminder) => [`${reminder.subject}:${reminder.subjectId}`, reminder]));
    const followers: Reminder[] = [];
    for (const { subject, subjectId } of subjects.values()) {
      try {
        followers.push(
          ...(await this.unitOfWork.write(async (manager) => {
            await this.kinds.of(subject).replan(manager, subjectId);
            await manager.update(
              Reminder,
              { id: In(withdrawn.map((reminder) => reminder.id)), subjectId, status: 'pending' },
              { status: 'cancelled' },
            );
            return this.claimDueOf(manager, subject, subjectId, token);
          })),
        );
      } catch (error) {
        this.logger.error(
          `Could not plan what follows the ${subject} reminders of ${subjectId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return followers;
  }

  /** The reminders of one subject that are due now, taken for this sweep (as claimDue takes them). */
  private async claimDueOf(manager: EntityManager, subject: string, subjectId: string, token: string): Promise<Reminder[]> {
    const now = this.clock.now().toISOString();
    await manager
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'claimed', claimToken: token, leaseUntil: new Date(this.clock.now().getTime() + LEASE_MS).toISOString() })
      .where({ subject, subjectId, status: 'pending', sendAfter: LessThanOrEqual(now) })
      .execute();
    return manager.findBy(Reminder, { subject, subjectId, claimToken: token, status: 'claimed' });
  }

  private async withdraw(ids: string[], token: string, result: SweepResult): Promise<void> {
    await this.unitOfWork.write((manager) =>
      manager.update(Reminder, { id: In(ids), claimToken: token }, { status: 'cancelled', claimToken: null }),
    );
    result.withdrawn += ids.length;
  }

  /** Reminders this sweep claimed but did not send (it is stopping, or they were skipped) go back to the queue now, not when the lease ends. */
  private async release(token: string): Promise<void> {
    await this.unitOfWork.write((manager) =>
      manager.update(Reminder, { claimToken: token, status: 'claimed' }, { status: 'pending', claimToken: null, leaseUntil: null }),
    );
  }

  /**
   * Extends this sweep's hold on the reminders it is about to send. False when the lease ran out and
   * another instance took any of them: then they are that instance's to send, not this one's.
   */
  private async renewLease(ids: string[], token: string): Promise<boolean> {
    const leaseUntil = new Date(this.clock.now().getTime() + LEASE_MS).toISOString();
    const renewed = await this.unitOfWork.write((manager) =>
      manager.update(Reminder, { id: In(ids), claimToken: token, status: 'claimed' }, { leaseUntil }),
    );
    return renewed.affected === ids.length;
  }

  /** What each reminder says, as its kind words it now; reminders that no longer apply are withdrawn. */
  private async describe(manager: EntityManager, reminders: Reminder[]) {
    const lines = new Map<string, ReminderLine | null>();
    for (const subject of new Set(reminders.map((reminder) => reminder.subject))) {
      const ofKind = reminders.filter((reminder) => reminder.subject === subject);
      for (const [id, line] of await this.kinds.of(subject).describe(manager, ofKind)) lines.set(id, line);
    }
    const people = await peopleById(manager, [...new Set(reminders.map((reminder) => reminder.recipientId))]);
    const planNames = await this.planNames(manager, reminders);
    const today = this.clock.today();
    const items = new Map<string, ReminderItem>();
    const withdrawn: string[] = [];
    // News first, so that a reminder of the same item for the same person joins its line rather than repeating it.
    const newsFirst = [...reminders].sort((a, b) => Number(!lines.get(a.id)?.news) - Number(!lines.get(b.id)?.news));
    for (const reminder of newsFirst) {
      const line = lines.get(reminder.id);
      if (!line) {
        withdrawn.push(reminder.id);
        continue;
      }
      // One line per deadline and person, however many of its reminders fell due while none could be sent.
      const key = `${reminder.recipientId}:${reminder.subject}:${reminder.subjectId}`;
      const existing = items.get(key) ?? items.get(`${reminder.recipientId}:news:${line.path}`);
      if (existing) {
        existing.reminders.push(reminder);
        // A date's reminder joining a notice brings what the date's reminders say: its rating, whose work it is.
        if (!line.news && !existing.dated)
          Object.assign(existing, {
            dated: true,
            ownerName: line.ownerName,
            rag: line.rag,
            ragReason: line.ragReason,
            ratingName: line.ratingName ?? RAG_RATING,
          });
        continue;
      }
      const dueOn = line.dueOn === undefined ? reminder.dueOn : line.dueOn;
      // Nothing due is the furthest off.
      const workingDaysLeft = dueOn ? this.workingDays.workingDaysBetween(today, dueOn) : Number.MAX_SAFE_INTEGER;
      items.set(line.news ? `${reminder.recipientId}:news:${line.path}` : key, {
        reminders: [reminder],
        workingDaysLeft,
        label: line.label,
        title: line.title,
        when: line.when ?? (dueOn ? whenText(dueOn, workingDaysLeft) : 'No due date yet.'),
        link: `${this.environment.appUrl}${line.path}`,
        ownerName: line.ownerName,
        rag: line.rag,
        ragReason: line.ragReason,
        ratingName: line.ratingName ?? RAG_RATING,
        news: line.news ?? null,
        todo: line.todo ?? null,
        ofWorkTheyAssigned: Boolean(line.ofWorkTheyAssigned),
        fromCommittee: Boolean(line.fromCommittee),
        dated: !line.news,
        plan: planNames.get(reminder.inspectionId)!,
      });
    }
    // Most pressing first, then in the plan's own order.
    const ordered = [...items.values()].sort(
      (a, b) =>
        a.workingDaysLeft - b.workingDaysLeft || a.label.localeCompare(b.label, 'en', { numeric: true }) || a.title.localeCompare(b.title),
    );
    return { items: ordered, recipients: people, withdrawn };
  }

  /**
   * Each plan as an email names it, so that someone on two plans (a shared service, a council with a focused visit
   * as well) knows which one: "Oxfordshire County Council’s Ofsted action plan (report published on 9 April 2024)".
   */
  private async planNames(manager: EntityManager, reminders: Reminder[]): Promise<Map<string, string>> {
    const ids = [...new Set(reminders.map((reminder) => reminder.inspectionId))];
    const councilOf = await inspectionRepository.councilsOf(manager, ids);
    return new Map(
      (await inspectionRepository.byIds(manager, ids)).map((inspection) => [
        inspection.id,
        `${councilOf.get(inspection.id)}’s Ofsted action plan (report published on ${inWords(inspection.publishedOn)})`,
      ]),
    );
  }

  private async recordSent(reminders: Reminder[], token: string, messageId: string): Promise<void> {
    await this.unitOfWork.write(async (manager) => {
      await manager.update(
        Reminder,
        { id: In(reminders.map((r) => r.id)), claimToken: token },
        { status: 'sent', sentAt: this.clock.now().toISOString(), messageId, claimToken: null, leaseUntil: null },
      );
      await this.planNextOverdue(manager, reminders);
    });
  }

  /** An overdue reminder done with (sent, or given up on): its kind plans the next one while the deadline stays missed. */
  private async planNextOverdue(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    for (const reminder of reminders.filter((r) => r.step > 0)) await this.kinds.of(reminder.subject).replan(manager, reminder.subjectId);
  }

  /** Connection failures and 4xx replies are retried with growing waits; a 5xx refusal, or too many tries, fails for good. */
  private async recordFailure(reminders: Reminder[], token: string, error: unknown, result: SweepResult): Promise<void> {
    const code = (error as { responseCode?: unknown }).responseCode;
    const permanent = typeof code === 'number' && code >= 500;
    const message = error instanceof Error ? error.message : String(error);
    const now = this.clock.now().getTime();
    await this.unitOfWork.write(async (manager) => {
      for (const reminder of reminders) {
        const attempts = reminder.attempts + 1;
        const giveUp = permanent || attempts >= this.policy.reminders.retry.maxAttempts;
        const retryAt = new Date(now + this.policy.reminders.retry.firstDelayMinutes * 60_000 * 2 ** (attempts - 1)).toISOString();
        await manager.update(
          Reminder,
          { id: reminder.id, claimToken: token },
          giveUp
            ? { status: 'failed', attempts, lastError: message, claimToken: null, leaseUntil: null }
            : { status: 'pending', attempts, lastError: message, sendAfter: retryAt, claimToken: null, leaseUntil: null },
        );
        if (giveUp) result.failed += 1;
        else result.retrying += 1;
      }
      // A failure must not end the weekly overdue reminders: the next one is still planned.
      if (permanent || reminders.some((reminder) => reminder.attempts + 1 >= this.policy.reminders.retry.maxAttempts))
        await this.planNextOverdue(manager, reminders);
    });
    this.logger.warn(`Could not send ${reminders.length} reminder(s): ${message}`);
  }
}
