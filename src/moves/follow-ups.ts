import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { Person } from '../users/user.entity.js';
import type { Move } from './workflow-runner.js';

/**
 * What can happen to the plan, by name, with what a follow-up is told. Each feature adds the changes
 * it makes (declaration merging: `declare module '../moves/follow-ups.js' { interface Changes { … } }`),
 * so a new kind of change, like a new follow-up, is written in its own feature folder.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each feature
export interface Changes {}

export type ChangeName = keyof Changes;

/** A record moved through its workflow. */
export interface Moved<TRecord> {
  record: TRecord;
  move: Move;
  actor: Person;
  comment: string | null;
}

/** A record created or edited outside its workflow: which fields changed (every one, when created). */
export interface Written<TRecord> {
  record: TRecord;
  created: boolean;
  changed: readonly string[];
  actor: Person;
}

export type FollowUpHandlers = { [K in ChangeName]?: (manager: EntityManager, change: Changes[K]) => Promise<void> };

/** A feature's work that follows changes made elsewhere, in the same transaction: reminders, scheduling, the next steps. */
export interface FollowUp {
  readonly follows: FollowUpHandlers;
}

/** Marks a provider as a FollowUp, so FollowUps finds it whatever module registers it. */
export const FollowsChanges = DiscoveryService.createDecorator<void>();

/**
 * Runs the follow-ups of each change, inside the transaction that made it, so a change and what it
 * sets in motion are written together or not at all. The feature that makes a change needs to know
 * nothing of who follows it.
 */
@Injectable()
export class FollowUps implements OnModuleInit {
  private readonly handlers = new Map<string, Array<(manager: EntityManager, change: never) => Promise<void>>>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: FollowsChanges.KEY })) {
      const followUp = wrapper.instance as FollowUp;
      for (const [name, handler] of Object.entries(followUp.follows)) {
        this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
      }
    }
  }

  /** The change's follow-ups, one after another in the caller's transaction; a failure fails the change. */
  async publish<K extends ChangeName>(manager: EntityManager, name: K, change: Changes[K]): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) await handler(manager, change as never);
  }
}
