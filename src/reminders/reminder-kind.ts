import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { IsoDate } from '../common/dates.js';
import type { Reminder } from './reminder.entity.js';

/** What one reminder says in an email, as its kind words it; the sweeper adds when it is due and the link's host. */
export interface ReminderLine {
  /** "Action 2.1", or "Action plan for Oxfordshire County Council". */
  label: string;
  title: string;
  /** The page it is about, from the service's root: "/actions/…". */
  path: string;
  /** For someone copied in: whose work it is. */
  ownerName: string | null;
  rag: string | null;
  ragReason: string | null;
  /** What the rating is called, where it is not a RAG rating (a measure's, against its trajectory). */
  ratingName?: string;
  /** For news rather than a date (an action newly assigned): what happened, in a sentence. It goes first, under its own heading. */
  news?: string;
  /** For news: it is of work the recipient gave someone else (an action they assigned), so it is listed apart from work given to them. */
  ofWorkTheyAssigned?: boolean;
  /** For news: the scrutiny committee's word to an area's lead officer (its questions), listed apart under its own heading. */
  fromCommittee?: boolean;
  /** What the recipient is to do now, where the title alone does not say (a clerk's review coming up). */
  todo?: string;
  /** What to say of its date instead of counting down to it: "" for none (news of an action now finished). */
  when?: string;
  /** The date its subject is due, where that is not the date the reminder is about (a notice is about the day it was made); null for none. */
  dueOn?: IsoDate | null;
  /** Where `dueOn` is a date of its own: this reminder's place from that date, in working days (-10 before, 0 on the day). */
  workingDaysFromDue?: number;
}

/** What a reminder is about, named for the list of reminders even once it no longer applies. */
export type ReminderSubjectName = Pick<ReminderLine, 'label' | 'title' | 'path' | 'dueOn' | 'workingDaysFromDue'>;

/** Names each reminder whose subject is among `subjects` (matched by id), in `words`; the rest are left out. */
export function nameBySubject<T extends { id: string }>(
  reminders: readonly Reminder[],
  subjects: Iterable<T>,
  words: (subject: T, reminder: Reminder) => ReminderSubjectName,
): Map<string, ReminderSubjectName> {
  const byId = new Map([...subjects].map((subject) => [subject.id, subject]));
  return new Map(
    reminders.flatMap((reminder) => {
      const subject = byId.get(reminder.subjectId);
      return subject ? [[reminder.id, words(subject, reminder)]] : [];
    }),
  );
}

/** One date of a person's, for their calendar feed: an all-day event on that date in England. */
export interface CalendarDate {
  /** Stable across feeds, so a calendar moves the event when the date moves rather than adding another. */
  uid: string;
  date: IsoDate;
  title: string;
  description: string;
  path: string;
}

/**
 * One kind of reminder (an action falling due, the statutory deadline, a scrutiny review), owned by
 * the feature whose date it is. The kind plans its rows (through ReminderSchedule, from its own
 * follow-ups); the sweeper claims, sends, retries and digests them, asking the kind only what each
 * claimed reminder says now, if it still applies.
 */
export interface ReminderKind {
  /** Stored on each of its rows (reminders.subject): at most 10 letters. */
  readonly subject: string;
  /**
   * For a kind that tells of something that happened rather than a date coming: what, in a few words, for lists
   * ("Newly assigned"); or, where its rows' recipientRole says what happened, those words for each.
   */
  readonly news?: string | Readonly<Record<string, string>>;
  /**
   * For each claimed reminder of this kind: its line in an email, or null when it no longer applies
   * (the action finished, the date moved, the person no longer concerned): then it is withdrawn.
   */
  describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>>;
  /** For the list of reminders: what each one that no longer applies was about, where it still exists to be named. */
  name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>>;
  /** Plans this subject's reminders again: after an overdue one is done with the next one follows, and after one is withdrawn what replaces it. */
  replan(manager: EntityManager, subjectId: string): Promise<void>;
  /** This person's dates of this kind, for their calendar feed. */
  calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]>;
}

/** Marks a provider as a ReminderKind, so the sweeper finds it without importing its feature. */
export const RemindsOf = DiscoveryService.createDecorator<void>();

/** Every kind of reminder the service sends, found at start, by the subject stored on its rows. */
@Injectable()
export class ReminderKinds implements OnModuleInit {
  private readonly kinds = new Map<string, ReminderKind>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: RemindsOf.KEY })) {
      const kind = wrapper.instance as ReminderKind;
      if (this.kinds.has(kind.subject)) throw new Error(`Two kinds of reminder are stored as "${kind.subject}".`);
      this.kinds.set(kind.subject, kind);
    }
  }

  of(subject: string): ReminderKind {
    const kind = this.kinds.get(subject);
    if (!kind) throw new Error(`No kind of reminder is stored as "${subject}".`);
    return kind;
  }

  all(): ReminderKind[] {
    return [...this.kinds.values()];
  }
}
