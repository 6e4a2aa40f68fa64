import type { Role } from '../../src/auth/permissions.js';
import { PEOPLE, type TestApp } from './test-app.js';

/** The action owner every scenario action is given: the seeded person with the action_owner role. */
export const owner = PEOPLE.action_owner;

/** Oxfordshire's 2024 ILACS inspection, as a scenario records it unless told otherwise. */
export const OXFORDSHIRE_INSPECTION = {
  authority: 'Oxfordshire County Council',
  framework: 'ILACS',
  startedOn: '2024-02-12',
  endedOn: '2024-02-23',
  publishedOn: '2024-04-09',
  leadInspector: 'Lead Inspector',
};

/**
 * Steps of a plan's life as one-liners, so tests read as the council's story. Each expects success,
 * made by the seeded person of `role`: a deputy director unless a step needs more (`scenario(t, 'director')`).
 */
export function scenario(t: TestApp, role: Role = 'deputy_director') {
  const post = async (path: string, body: object, status = 201) => {
    const response = await t.http.post(path).set(t.as(role)).send(body);
    if (response.status !== status) throw new Error(`POST ${path} as ${role} gave ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return {
    post,
    inspection: (over: object = {}) => post('/api/inspections', { ...OXFORDSHIRE_INSPECTION, ...over }),
    area: (inspectionId: string, title = 'The quality of supervision') => post(`/api/inspections/${inspectionId}/areas`, { title }),
    action: (areaId: string, over: object = {}) =>
      post(`/api/areas/${areaId}/actions`, {
        title: 'Audit supervision monthly',
        owner,
        dueOn: '2024-10-31',
        successMeasure: '90% rated good',
        // A scenario's dates are chosen, not mistyped: one already past is meant (test/impossible-dates checks the question).
        confirmPastDueOn: true,
        ...over,
      }),
    event: (kind: 'inspections' | 'areas' | 'actions', id: string, type: string, version: number, comment?: string) =>
      post(`/api/${kind}/${id}/events`, { type, version, comment }, 200),
  };
}
