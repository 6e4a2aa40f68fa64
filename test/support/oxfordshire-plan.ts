import { oxfordshireAreas, oxfordshireJudgements } from './reports.js';
import { scenario } from './scenario.js';
import type { TestApp } from './test-app.js';

export const committee = 'Education and Young People Overview & Scrutiny Committee';
/** Why the plan's one moved action moved: a due date moves with its reason once the plan has gone to Ofsted. */
export const MOVED_BECAUSE = 'Thames Valley Police asked for a month more to agree the shared form.';
const person = (name: string) => ({ name, email: `${name.toLowerCase().replace(' ', '.')}@oxfordshire.gov.uk` });

/**
 * The Oxfordshire plan of 2024 as it stands on Monday 4 November 2024: submitted in July, reviewed
 * once in October, with actions in every state the documents must show. Leaves the clock there.
 */
export async function oxfordshirePlan(t: TestApp) {
  const s = scenario(t);
  t.clock.set('2024-04-15T09:00:00Z');
  const inspection = await s.inspection({
    planLead: person('Lucy Butler'),
    scrutinyCommittee: committee,
    scrutinyClerk: person('Clara Clerk'),
    overallEffectiveness: 'good',
    judgements: oxfordshireJudgements.filter((judgement) => judgement.area !== 'Overall effectiveness'),
  });
  const leads = [person('Pat Proceedings'), person('Mo Multiagency'), person('Ed Employment'), person('Di Disability')];
  const areas: Array<{ id: string }> = [];
  for (const [index, title] of oxfordshireAreas.entries()) {
    areas.push(await s.post(`/api/inspections/${inspection.id}/areas`, { title, leadOfficer: leads[index] }));
  }
  const action = (area: number, title: string, dueOn: string, owner: string) =>
    s.action(areas[area].id, { title, dueOn, owner: person(owner), successMeasure: `${title}: measured monthly` });
  const a = {
    completed: await action(0, 'Weekly legal gateway panel for every pre-proceedings decision', '2024-09-30', 'Olu Owner'),
    signOff: await action(0, 'Track time from decision to letter before proceedings', '2024-10-31', 'Olu Owner'),
    overdue: await action(0, 'Audit 40 pre-proceedings cases', '2024-10-25', 'Ann Auditor'),
    onTrack: await action(1, 'Joint risk panel with adult substance misuse services', '2025-03-31', 'Sam Social'),
    moved: await action(1, 'Shared exploitation risk assessment', '2025-01-31', 'Sam Social'),
    blocked: await action(2, 'Council apprenticeships ring-fenced for care leavers', '2025-02-28', 'Eve Employer'),
    cancelled: await action(2, 'Care leavers job fair', '2025-02-28', 'Eve Employer'),
    dueSoon: await action(3, 'Direct work toolkit for disabled children', '2024-11-12', 'Dev Worker'),
    ownerRed: await action(3, 'Communication passports for every child', '2025-03-31', 'Dev Worker'),
  };

  t.clock.set('2024-07-10T09:00:00Z');
  const director = scenario(t, 'director');
  await director.event('inspections', inspection.id, 'APPROVE', 1);
  await director.event('inspections', inspection.id, 'SUBMIT', 2);
  for (const area of areas) await s.event('areas', area.id, 'START_DELIVERY', 2);

  t.clock.set('2024-10-10T18:00:00Z');
  await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
    meetingOn: '2024-10-10',
    outcomes: [
      { areaId: areas[1].id, outcome: 'further_assurance', comment: 'How will the panel show that risk is analysed together?' },
      { areaId: areas[2].id, outcome: 'escalated', comment: 'Referred to the improvement board: no placements offered yet.' },
    ],
  });

  t.clock.set('2024-10-21T09:00:00Z');
  await s.event('actions', a.completed.id, 'COMPLETE', 1);
  await s.post(`/api/actions/${a.signOff.id}/updates`, { text: 'Tracker live in every team.', percentComplete: 100 });
  await t.http
    .patch(`/api/actions/${a.moved.id}`)
    .set(t.as('deputy_director'))
    .send({ version: 1, dueOn: '2025-02-28', reason: MOVED_BECAUSE })
    .expect(200);
  await s.event('actions', a.blocked.id, 'BLOCK', 1, 'Waiting for the HR policy change.');
  await s.event('actions', a.cancelled.id, 'CANCEL', 1, 'Replaced by the apprenticeships offer.');
  await s.post(`/api/actions/${a.dueSoon.id}/updates`, { text: 'Draft toolkit written.', percentComplete: 20 });
  await s.post(`/api/actions/${a.ownerRed.id}/updates`, {
    text: 'The speech and language provider withdrew.',
    percentComplete: 30,
    rag: 'red',
  });
  t.clock.set('2024-11-04T09:00:00Z');
  return { inspection, areas, actions: a };
}
