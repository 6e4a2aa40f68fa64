import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createEvents, type EventAttributes } from 'ics';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { addDays, type IsoDate } from '../common/dates.js';
import { NotFoundError } from '../common/errors.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import type {} from '../users/user.changes.js';
import { ReminderKinds, type CalendarDate } from '../reminders/reminder-kind.js';
import { User, type Person } from '../users/user.entity.js';
import { CalendarFeed } from './calendar-feed.entity.js';

/** ics 3.12 reads `timestamp` for DTSTAMP (its schema accepts it) but leaves it out of its types. */
type StampedEvent = EventAttributes & { timestamp: number };

/**
 * Text as the ics library can write it safely: it escapes only "\n" and "\r\n", so a lone carriage
 * return (or another control character, in a title saved before they were refused) would end a line of the calendar.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const calendarText = (text: string) => text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ');

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Each person's deadlines as an iCalendar feed that Outlook, Google and Apple calendars can subscribe to. */
@Injectable()
@FollowsChanges()
export class CalendarFeedsService implements FollowUp {
  // Calendar links are secrets too: a deactivated account's stop working with its tokens, in the same change.
  readonly follows: FollowUpHandlers = {
    'user:written': async (manager, { record, changed, actor }) => {
      if (changed.includes('active') && !record.active) await this.revokeAllWith(manager, record.id, actor);
    },
  };

  private readonly host: string;

  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly kinds: ReminderKinds,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.host = new URL(environment.appUrl).hostname;
  }

  /** A new secret link for the caller; any earlier link of theirs stops working, so this is also how to reset a leaked one. */
  create(actor: Person) {
    return this.unitOfWork.write(async (manager) => {
      const now = this.clock.now().toISOString();
      await manager.update(CalendarFeed, { userId: actor.id, revokedAt: IsNull() }, { revokedAt: now });
      const token = randomBytes(32).toString('base64url');
      const feed = { id: randomUUID(), userId: actor.id, tokenHash: hash(token), createdAt: now, revokedAt: null };
      await manager.insert(CalendarFeed, feed);
      await this.recordOwn(manager, actor, 'CALENDAR_FEED_MADE');
      return { id: feed.id, url: `${this.environment.appUrl}/api/calendar-feeds/${token}.ics`, createdAt: now };
    });
  }

  /** The person's working link, if any: when it was made (the link itself is kept only as a hash). */
  current(userId: string) {
    return this.unitOfWork.read(async (manager) => {
      const feed = await manager.findOneBy(CalendarFeed, { userId, revokedAt: IsNull() });
      return feed ? { id: feed.id, createdAt: feed.createdAt } : null;
    });
  }

  /** Only the feed's owner can revoke it; to anyone else it does not exist. */
  revoke(id: string, actor: Person) {
    return this.unitOfWork.write(async (manager) => {
      const feed = await manager.findOneBy(CalendarFeed, { id, userId: actor.id });
      if (!feed) throw new NotFoundError('calendar feed', id);
      if (feed.revokedAt) return;
      await manager.update(CalendarFeed, { id }, { revokedAt: this.clock.now().toISOString() });
      await this.recordOwn(manager, actor, 'CALENDAR_FEED_REVOKED');
    });
  }

  /** An admin revokes every link of someone's, for example one that has leaked; recorded in their account's history. */
  revokeAllOf(userId: string, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      if (!(await manager.existsBy(User, { id: userId }))) throw new NotFoundError('user', userId);
      await this.revokeAllWith(manager, userId, actor);
    });
  }

  /** Someone's own link made or turned off, in their account's history: a live link is a way into their dates. */
  private async recordOwn(manager: EntityManager, actor: Person, event: string): Promise<void> {
    await this.audit.record(manager, { entityType: 'user', entityId: actor.id, inspectionId: null, event, actor, details: {} });
  }

  private async revokeAllWith(manager: EntityManager, userId: string, actor: Person): Promise<void> {
    const revoked = await manager.update(CalendarFeed, { userId, revokedAt: IsNull() }, { revokedAt: this.clock.now().toISOString() });
    if (!revoked.affected) return;
    await this.audit.record(manager, {
      entityType: 'user',
      entityId: userId,
      inspectionId: null,
      event: 'CALENDAR_FEEDS_REVOKED',
      actor,
      details: { calendarFeedsRevoked: revoked.affected },
    });
  }

  /** The feed behind a link: what the person owns, leads or clerks, as all-day events on English dates. */
  feed(token: string): Promise<string> {
    return this.unitOfWork.read(async (manager) => {
      const feed = await manager.findOneBy(CalendarFeed, { tokenHash: hash(token), revokedAt: IsNull() });
      if (!feed) throw new NotFoundException('This calendar link is unknown or has been revoked. Make a new calendar link.');
      const user = await manager.findOneByOrFail(User, { id: feed.userId });
      // Deactivation revokes the links too; this also covers a link made before it did.
      if (!user.active) throw new NotFoundException('This calendar link is unknown or has been revoked. Make a new calendar link.');
      return this.render(user, await this.events(manager, user));
    });
  }

  /** Every kind of reminder's dates for this person: what they are reminded of is what their calendar shows. */
  private async events(manager: EntityManager, user: User): Promise<StampedEvent[]> {
    const dates: CalendarDate[] = [];
    for (const kind of this.kinds.all()) dates.push(...(await kind.calendar(manager, user.id)));
    return dates.map((date) =>
      this.allDay(date.date, {
        uid: `${date.uid}@${this.host}`,
        title: date.title,
        description: date.description,
        url: `${this.environment.appUrl}${date.path}`,
      }),
    );
  }

  /** A date, not a moment: an all-day event stays on that English date whatever the reader's time zone. */
  private allDay(date: IsoDate, event: { uid: string; title: string; description: string; url: string }): StampedEvent {
    const day = (iso: IsoDate) => iso.split('-').map(Number) as [number, number, number];
    return {
      ...event,
      title: calendarText(event.title),
      description: calendarText(event.description),
      start: day(date),
      end: day(addDays(date, 1)),
      transp: 'TRANSPARENT',
      busyStatus: 'FREE',
      // DTSTAMP from the service's clock, not the library's: the same feed read twice is the same file.
      timestamp: this.clock.now().getTime(),
    };
  }

  private render(user: User, events: EventAttributes[]): string {
    const { error, value } = createEvents(events, {
      productId: '-//Action plans//Deadlines//EN',
      calName: `Action plan deadlines: ${user.name}`,
    });
    if (error || !value) throw error ?? new Error('The calendar could not be written.');
    // Tells Outlook and Google which zone the dates belong to; the events themselves are all-day dates.
    return value.replace(/(X-WR-CALNAME:[^\r\n]*)(\r?\n)/, '$1$2X-WR-TIMEZONE:Europe/London$2');
  }
}
