import { randomUUID } from 'node:crypto';
import { Action } from '../../src/actions/action.entity.js';
import { ProgressUpdate } from '../../src/actions/progress-update.entity.js';
import { AuditEvent } from '../../src/audit/audit-event.entity.js';
import { TokensService } from '../../src/auth/tokens.service.js';
import { scenario } from './scenario.js';
import type { TestApp } from './test-app.js';

/** What the clients were told was written: each must be in the database afterwards. */
export interface Acknowledged {
  /** Progress update texts, each unique, by action id. */
  updates: Map<string, string[]>;
  /** Transitions answered 200, by action id. */
  transitions: Map<string, number>;
}

export interface LoadReport {
  requests: number;
  byStatus: Record<number, number>;
  /** Requests that failed below HTTP (refused, reset): a load balancer would see these as 502s. */
  networkErrors: number;
  p50Ms: number;
  p99Ms: number;
  acknowledged: Acknowledged;
}

/** A plan with `areas` areas of `perArea` actions, all started, for the clients to share; and one session per client. */
export async function preparePlan(t: TestApp, areas: number, perArea: number, clients: number) {
  const s = scenario(t);
  const inspection = await s.inspection();
  const actions: string[] = [];
  for (let a = 1; a <= areas; a += 1) {
    const area = await s.area(inspection.id, `Area ${a}`);
    for (let i = 1; i <= perArea; i += 1) {
      const action = await s.action(area.id, { title: `Action ${a}.${i}` });
      await s.event('actions', action.id, 'START', action.version);
      actions.push(action.id);
    }
  }
  const tokens = t.app.get(TokensService);
  const sessions: string[] = [];
  for (let c = 0; c < clients; c += 1) {
    const { token } = await t.dataSource.transaction((manager) => tokens.issueSession(manager, t.users.deputy_director.id));
    sessions.push(`Bearer ${token}`);
  }
  return { inspectionId: inspection.id as string, actions, sessions };
}

/**
 * Each client, signed in with its own session, loops for `seconds` over a realistic mix against the
 * servers in turn: half reads (dashboard, action), a quarter progress updates, a quarter transitions
 * (BLOCK/UNBLOCK with the version it last saw, so some meet a 409 from a concurrent writer, as people do).
 */
export async function runMixedLoad(
  baseUrls: string[],
  plan: Awaited<ReturnType<typeof preparePlan>>,
  seconds: number,
  acknowledged: Acknowledged = { updates: new Map(), transitions: new Map() },
): Promise<LoadReport> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const byStatus: Record<number, number> = {};
  let networkErrors = 0;
  const versions = new Map<string, number>();

  const call = async (base: string, authorization: string, method: string, path: string, body?: object) => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        // Only a hung request counts as dropped: a busy machine may take seconds to answer, and that is not a failure.
        signal: AbortSignal.timeout(120_000),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      latencies.push(performance.now() - started);
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      return { status: response.status, answer };
    } catch {
      networkErrors += 1;
      return { status: 0, answer: {} };
    }
  };

  await Promise.all(
    plan.sessions.map(async (authorization, client) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const base = baseUrls[(client + n) % baseUrls.length];
        const actionId = plan.actions[Math.floor(Math.random() * plan.actions.length)];
        const roll = Math.random();
        if (roll < 0.25) {
          await call(base, authorization, 'GET', `/api/inspections/${plan.inspectionId}/dashboard`);
        } else if (roll < 0.5) {
          const { status, answer } = await call(base, authorization, 'GET', `/api/actions/${actionId}`);
          if (status === 200) versions.set(actionId, answer.version as number);
        } else if (roll < 0.75) {
          const text = `Client ${client} update ${n} ${randomUUID()}`;
          const { status, answer } = await call(base, authorization, 'POST', `/api/actions/${actionId}/updates`, {
            text,
            percentComplete: n % 101,
            rag: ['red', 'amber', 'green'][n % 3],
          });
          if (status === 201) {
            acknowledged.updates.set(actionId, [...(acknowledged.updates.get(actionId) ?? []), text]);
            versions.set(actionId, answer.version as number);
          }
        } else {
          const version = versions.get(actionId) ?? 1;
          const state = Math.random() < 0.5 ? 'BLOCK' : 'UNBLOCK';
          const { status, answer } = await call(base, authorization, 'POST', `/api/actions/${actionId}/events`, {
            type: state,
            version,
            comment: `Client ${client}`,
          });
          if (status === 200) {
            acknowledged.transitions.set(actionId, (acknowledged.transitions.get(actionId) ?? 0) + 1);
            versions.set(actionId, answer.version as number);
          } else if (status === 409 && typeof answer.version === 'number') {
            versions.set(actionId, answer.version);
          }
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return { requests: latencies.length + networkErrors, byStatus, networkErrors, p50Ms: at(0.5), p99Ms: at(0.99), acknowledged };
}

/** What had been acknowledged at this moment, kept apart from what comes after. */
export function copyAcknowledged(acknowledged: Acknowledged): Acknowledged {
  return {
    updates: new Map([...acknowledged.updates].map(([id, texts]) => [id, [...texts]])),
    transitions: new Map(acknowledged.transitions),
  };
}

/**
 * Every acknowledged write, looked for in the database and its audit trail; returns what is missing
 * (empty when nothing is lost). `later: true` for a copy taken while writes went on, which may hold more.
 */
export async function missingWrites(t: Pick<TestApp, 'dataSource'>, acknowledged: Acknowledged, { later = false } = {}): Promise<string[]> {
  const missing: string[] = [];
  const updates = await t.dataSource.getRepository(ProgressUpdate).find({ select: { actionId: true, text: true } });
  const stored = new Set(updates.map((update) => `${update.actionId}:${update.text}`));
  const audited = new Set(
    (
      await t.dataSource.getRepository(AuditEvent).find({ where: { event: 'PROGRESS_UPDATED' }, select: { entityId: true, comment: true } })
    ).map((event) => `${event.entityId}:${event.comment}`),
  );
  for (const [actionId, texts] of acknowledged.updates) {
    for (const text of texts) {
      if (!stored.has(`${actionId}:${text}`)) missing.push(`progress update "${text}" on ${actionId}`);
      if (!audited.has(`${actionId}:${text}`)) missing.push(`audit entry for "${text}" on ${actionId}`);
    }
  }
  for (const [actionId, count] of acknowledged.transitions) {
    const trail = await t.dataSource.getRepository(AuditEvent).find({ where: { entityId: actionId }, order: { id: 'ASC' } });
    const moves = trail.filter((event) => event.event === 'BLOCK' || event.event === 'UNBLOCK');
    if (later ? moves.length < count : moves.length !== count)
      missing.push(`${count} transitions acknowledged on ${actionId}, ${moves.length} in its audit trail`);
    // Never half-written: the action is in the state its last audited transition put it in.
    const action = await t.dataSource.getRepository(Action).findOneByOrFail({ id: actionId });
    const lastMove = trail.filter((event) => event.toState !== null).at(-1);
    if (lastMove && lastMove.toState !== action.state)
      missing.push(`${actionId} is ${action.state} but its audit trail ends at ${lastMove.toState}`);
  }
  return missing;
}
