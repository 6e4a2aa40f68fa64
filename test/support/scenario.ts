import type { TestApp } from './test-app.js';

export const deputyDirector = { 'X-Actor-Email': 'dana.deputy@oxfordshire.gov.uk', 'X-Actor-Name': 'Dana Deputy' };
export const owner = { name: 'Owen Owner', email: 'owen.owner@oxfordshire.gov.uk' };

/** Steps of a plan's life as one-liners, so tests read as the council's story. Each expects success. */
export function scenario(t: TestApp) {
  const post = async (path: string, body: object, status = 201) => {
    const response = await t.http.post(path).set(deputyDirector).send(body);
    if (response.status !== status) throw new Error(`POST ${path} gave ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return {
    post,
    inspection: (over: object = {}) =>
      post('/api/inspections', {
        authority: 'Oxfordshire County Council',
        framework: 'ILACS',
        startedOn: '2024-02-12',
        endedOn: '2024-02-23',
        publishedOn: '2024-04-09',
        leadInspector: 'Lead Inspector',
        ...over,
      }),
    area: (inspectionId: string, title = 'The quality of supervision') => post(`/api/inspections/${inspectionId}/areas`, { title }),
    action: (areaId: string, over: object = {}) =>
      post(`/api/areas/${areaId}/actions`, { title: 'Audit supervision monthly', owner, dueOn: '2024-10-31', successMeasure: '90% rated good', ...over }),
    event: (kind: 'inspections' | 'areas' | 'actions', id: string, type: string, version: number, comment?: string) =>
      post(`/api/${kind}/${id}/events`, { type, version, comment }, 200),
  };
}
