import { csrfTokenFor } from '../src/auth/page-sessions.js';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { SEEN_ON_TIME } from './support/measure-bodies.js';
import { words } from './support/page-words.js';
import { scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

// The pages call the same services as the API, whose tests run on both databases: SQLite is enough here.
describe('the measure pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { now: '2025-04-25T09:00:00Z' });
  });
  afterAll(() => t.close());

  const session = async (role: Role) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    return { cookie: `session=${token}`, csrf: csrfTokenFor(token) };
  };
  const newMeasure = {
    name: 'Children seen within 5 working days',
    definition: 'Of the strategy discussions held in the month, the share whose child was seen within 5 working days.',
    unit: 'percent',
    direction: 'higher',
    baselineValue: '55',
    'baselineOn-day': '31',
    'baselineOn-month': '3',
    'baselineOn-year': '2024',
    targetValue: '85',
    'targetOn-day': '30',
    'targetOn-month': '9',
    'targetOn-year': '2025',
    milestone1Value: '70',
    'milestone1On-day': '31',
    'milestone1On-month': '3',
    'milestone1On-year': '2025',
    dataSource: 'Liquidlogic, monthly performance report',
    ownerName: 'Sam Patel',
    ownerEmail: 'sam.patel@oxfordshire.gov.uk',
    frequency: 'monthly',
  };

  /** Adds `newMeasure` to the area through its form, and gives the measure page's address. */
  const addMeasure = async (areaId: string, cookie: string, csrf: string) => {
    const added = await t.http
      .post(`/areas/${areaId}/measures`)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...newMeasure, _csrf: csrf })
      .expect(303);
    expect(added.headers.location).toMatch(/^\/measures\/[\w-]+\?done=created$/);
    return added.headers.location.replace('?done=created', '');
  };

  it('adds a measure from the area page, enters a value, and shows the rating in words beside its colour', async () => {
    const area = await scenario(t).area((await scenario(t).inspection()).id, 'Timeliness of child protection visits');
    const { cookie, csrf } = await session('deputy_director');

    const areaPage = await t.http.get(`/areas/${area.id}`).set('Cookie', cookie).expect(200);
    expect(areaPage.text).toContain('No measures yet');
    expect(areaPage.text).toContain(`href="/areas/${area.id}/measures/new">Add a measure</a>`);
    const form = await t.http.get(`/areas/${area.id}/measures/new`).set('Cookie', cookie).expect(200);
    expect(form.text).toContain('<h1 class="govuk-heading-l">Add a measure</h1>');

    // A refused form comes back with what was typed, and the problems summarised in the page's order.
    const refused = await t.http
      .post(`/areas/${area.id}/measures`)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...newMeasure, _csrf: csrf, unit: '', baselineValue: 'fifty', 'targetOn-month': '13', milestone2Value: '75' })
      .expect(400);
    expect(refused.text).toContain('There is a problem');
    const summary = [...refused.text.matchAll(/<a href="#([^"]+)"[^>]*>([^<]+)<\/a>/g)]
      .map(([, href, text]) => `${href}: ${text}`)
      .filter((link) => !link.startsWith('main-content'));
    expect(summary).toEqual([
      'unit: Select the unit the measure is counted in',
      'baselineValue: Enter the baseline value as a number',
      'targetOn-day: Target date must be a real date',
      'milestone2On-day: Enter the date of milestone 2',
    ]);
    expect(refused.text).toContain('value="fifty"');
    expect(refused.text).toContain('value="Children seen within 5 working days"');
    expect(refused.text).toContain('<title>Error: Add a measure to area 1 - Ofsted action plans</title>');

    // A line that cannot be (the target over 100% and before the baseline) is said with the rest, in one go.
    const backwards = await t.http
      .post(`/areas/${area.id}/measures`)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...newMeasure, _csrf: csrf, direction: '', targetValue: '130', 'targetOn-year': '2023' })
      .expect(400);
    expect(
      [...backwards.text.matchAll(/<a href="#([^"]+)"[^>]*>([^<]+)<\/a>/g)]
        .map(([, href, text]) => `${href}: ${text}`)
        .filter((link) => !link.startsWith('main-content')),
    ).toEqual([
      'direction: Select whether a higher or a lower value is better',
      'targetValue: The target must be between 0% and 100%, as it is a percentage',
      'targetOn-day: The target date must be after the baseline date',
      'milestone1On-day: The date of milestone 1, 31 March 2025, must be between the baseline date and the target date',
    ]);

    const measurePath = await addMeasure(area.id, cookie, csrf);
    const measurePage = await t.http.get(`${measurePath}?done=created`).set('Cookie', cookie).expect(200);
    expect(measurePage.text).toContain('Measure added.');
    expect(measurePage.text).toContain('55% on 31 March 2024');
    expect(measurePage.text).toContain('85% by 30 September 2025');
    expect(measurePage.text).toContain('70% by 31 March 2025');
    expect(measurePage.text).toContain('No data yet');
    expect(measurePage.text).toContain('The value for March 2025 was due on 20 April 2025 and has not been entered.');

    // The value form: a month not in the measure refused with what was typed, then March entered (as a spreadsheet would show it, 62%).
    const badValue = await t.http
      .post(`${measurePath}/values`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, 'period-month': '3', 'period-year': '2025', value: 'sixty-two' })
      .expect(400);
    expect(badValue.text).toContain('Enter the value as a number');
    expect(badValue.text).toContain('value="sixty-two"');
    await t.http
      .post(`${measurePath}/values`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, 'period-month': 'March', 'period-year': '2025', value: '62%', note: 'Two teams short of staff.' })
      .expect(303);
    const again = await t.http
      .post(`${measurePath}/values`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, 'period-month': '3', 'period-year': '2025', value: '64' })
      .expect(400);
    expect(again.text).toContain('March 2025 already has a value, 62%: to correct it, say that the new value replaces it.');
    expect(again.text).toContain('href="#replace"');

    const rated = await t.http.get(measurePath).set('Cookie', cookie).expect(200);
    expect(rated.text).toMatch(/<strong class="govuk-tag govuk-tag--red">\s*Behind trajectory\s*<\/strong>/);
    expect(rated.text).toContain('62% against a trajectory of 70% for March 2025; target 85% by September 2025.');
    expect(rated.text).toContain('Two teams short of staff.');
    expect(rated.text).toContain('Value entered');
    // The history in words, as the form asked: not the values as stored.
    expect(rated.text).toContain('<li>Unit: percentage</li>');
    expect(rated.text).toContain('<li>Which way is better: a higher value</li>');
    expect(rated.text).toContain('<li>Month the value is for: March 2025</li>');
    expect(rated.text).not.toMatch(/: (percent|higher|2025-03)</);
    // Values in the measure's unit, and the note entered with a value as its note, not as a reason why.
    expect(rated.text).toContain('<li>Baseline value: 55%</li>');
    expect(rated.text).toContain('<li>Value: 62%</li><li>Note: Two teams short of staff.</li>');
    expect(rated.text).not.toMatch(/data-label="Reason or note">\s*Two teams short of staff/);

    const listed = await t.http.get(`/areas/${area.id}`).set('Cookie', cookie).expect(200);
    expect(listed.text).toContain(`href="${measurePath}">Children seen within 5 working days</a>`);
    expect(listed.text).toMatch(/govuk-tag--red">\s*Behind trajectory/);
    expect(listed.text).toContain('62% against a trajectory of 70% for March 2025');

    await t.http
      .post(`${measurePath}/values`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, 'period-month': '3', 'period-year': '2025', value: '64', note: 'Recounted.', replace: 'yes' })
      .expect(303);
    const corrected = (await t.http.get(measurePath).set('Cookie', cookie).expect(200)).text;
    expect(corrected).toContain('<li>Value: 62% to 64%</li><li>Note: Two teams short of staff. to Recounted.</li>');
    expect(corrected).toContain('<li>Milestones: 31 March 2025: 70%</li>');
    // With nothing missing, the form offers the latest month that is over, not this one, which it would refuse.
    expect(corrected).toMatch(/name="period-month" type="text"[^>]*value="3"/);

    // Its figures were entered in percent: its unit cannot change under them.
    const measureId = measurePath.split('/').pop()!;
    const { version } = (await t.http.get(`/api/measures/${measureId}`).set(t.as('deputy_director')).expect(200)).body;
    const unitRefused = await t.http
      .patch(`/api/measures/${measureId}`)
      .set(t.as('deputy_director'))
      .send({ version, unit: 'days', baseline: { value: 12, on: '2024-03-31' }, target: { value: 5, on: '2025-09-30' } })
      .expect(400);
    expect(unitRefused.body.fields).toEqual({
      unit: ['The unit cannot change once figures have been entered in it: add a new measure in the new unit instead'],
    });

    // One with no figures yet may change its unit: what its history recorded before stays in the unit it had then.
    const fresh = await scenario(t).post(`/api/areas/${area.id}/measures`, { ...SEEN_ON_TIME, name: 'Days to the first visit' });
    await t.http
      .patch(`/api/measures/${fresh.id}`)
      .set(t.as('deputy_director'))
      .send({
        version: fresh.version,
        unit: 'days',
        direction: 'lower',
        baseline: { value: 12, on: '2024-03-31' },
        target: { value: 5, on: '2025-09-30' },
        milestones: [{ on: '2025-03-31', value: 9 }],
      })
      .expect(200);
    const recounted = (await t.http.get(`/measures/${fresh.id}`).set('Cookie', cookie).expect(200)).text;
    expect(recounted).toContain('<li>Baseline value: 55%</li>');
    expect(recounted).toContain('<li>Unit: percentage to days</li>');
    expect(recounted).toContain('<li>Baseline value: 55% to 12 days</li>');
    expect(recounted).toContain('<li>Milestones: 31 March 2025: 70% to 31 March 2025: 9 days</li>');
  });

  it('names who enters the figures from those on record, as an action’s owner is named, or as someone new', async () => {
    const area = await scenario(t).area((await scenario(t).inspection()).id, 'Timeliness of child protection visits');
    const { cookie, csrf } = await session('deputy_director');
    const form = await t.http.get(`/areas/${area.id}/measures/new`).set('Cookie', cookie).expect(200);
    expect(form.text).toContain(
      `<option value="${PEOPLE.action_owner.email}">${PEOPLE.action_owner.name} (${PEOPLE.action_owner.email})</option>`,
    );
    // A plan's officers only: the committee's members scrutinise the figures rather than enter them.
    expect(form.text).not.toContain(`<option value="${PEOPLE.scrutiny.email}">`);
    const add = (fields: Record<string, string>) =>
      t.http
        .post(`/areas/${area.id}/measures`)
        .set('Cookie', cookie)
        .type('form')
        .send({ ...newMeasure, ownerName: '', ownerEmail: '', _csrf: csrf, ...fields });
    const summaryOf = (page: string) =>
      [...page.matchAll(/<a href="#([^"]+)"[^>]*>([^<]+)<\/a>/g)]
        .map(([, href, text]) => `${href}: ${text}`)
        .filter((link) => !link.startsWith('main-content'));
    expect(summaryOf((await add({}).expect(400)).text)).toEqual([
      'ownerName: Enter the name of the person who enters the figures, or choose them from the list',
      'ownerEmail: Enter the email address of the person who enters the figures',
    ]);
    const both = await add({ owner: PEOPLE.action_owner.email, ownerName: 'Sam Patel' }).expect(400);
    expect(summaryOf(both.text)).toEqual(['owner: Choose the person who enters the figures from the list, or enter someone new, not both']);
    expect(both.text).toContain(`<option value="${PEOPLE.action_owner.email}" selected>`);
    expect(both.text).toContain('value="Sam Patel"');

    const added = await add({ owner: PEOPLE.action_owner.email }).expect(303);
    const measureId = /^\/measures\/([\w-]+)\?done=created$/.exec(added.headers.location)![1];
    expect((await t.http.get(`/api/measures/${measureId}`).set(t.as('viewer')).expect(200)).body.owner).toEqual(PEOPLE.action_owner);
  });

  it('changes a measure’s baseline, target and who enters its figures through its Change links, and refuses a target that is not a number', async () => {
    const area = await scenario(t).area((await scenario(t).inspection()).id, 'Timeliness of child protection visits');
    const { cookie, csrf } = await session('deputy_director');
    const measurePath = await addMeasure(area.id, cookie, csrf);
    const measureId = measurePath.split('/').pop()!;
    const page = (await t.http.get(measurePath).set('Cookie', cookie).expect(200)).text;
    for (const part of ['name', 'definition', 'baseline', 'target', 'data-source', 'owner'])
      expect(page).toContain(`href="/measures/${measureId}/change/${part}"`);

    const form = (await t.http.get(`${measurePath}/change/target`).set('Cookie', cookie).expect(200)).text;
    expect(form).toMatch(/name="targetValue" type="text" value="85"/);
    expect(form).toMatch(/name="targetOn-month" type="text"[^>]* value="9"/);
    const version = /name="version" value="(\d+)"/.exec(form)![1];
    const seen = /name="seen" value="(\d+)"/.exec(form)![1];
    const target = (value: string) => ({
      _csrf: csrf,
      version,
      seen,
      targetValue: value,
      'targetOn-day': '31',
      'targetOn-month': '12',
      'targetOn-year': '2025',
    });
    const refused = await t.http.post(`${measurePath}/change/target`).set('Cookie', cookie).type('form').send(target('eighty')).expect(400);
    expect(refused.text).toMatch(/govuk-error-summary[\s\S]*href="#targetValue">Enter the target value as a number</);
    expect(refused.text).toContain('value="eighty"');
    await t.http.post(`${measurePath}/change/target`).set('Cookie', cookie).type('form').send(target('80%')).expect(303);

    // A baseline typed wrong is put right the same way.
    const baselineForm = (await t.http.get(`${measurePath}/change/baseline`).set('Cookie', cookie).expect(200)).text;
    expect(baselineForm).toMatch(/name="baselineValue" type="text" value="55"/);
    await t.http
      .post(`${measurePath}/change/baseline`)
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrf,
        version: /name="version" value="(\d+)"/.exec(baselineForm)![1],
        seen: /name="seen" value="(\d+)"/.exec(baselineForm)![1],
        baselineValue: '52',
        'baselineOn-day': '31',
        'baselineOn-month': '3',
        'baselineOn-year': '2024',
      })
      .expect(303);

    const owner = (await t.http.get(`${measurePath}/change/owner`).set('Cookie', cookie).expect(200)).text;
    const ownerVersion = /name="version" value="(\d+)"/.exec(owner)![1];
    const ownerSeen = /name="seen" value="(\d+)"/.exec(owner)![1];
    await t.http
      .post(`${measurePath}/change/owner`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, version: ownerVersion, seen: ownerSeen, owner: PEOPLE.action_owner.email })
      .expect(303);
    const changed = (await t.http.get(`/api/measures/${measureId}`).set(t.as('viewer')).expect(200)).body;
    expect(changed).toMatchObject({
      baseline: { value: 52, on: '2024-03-31' },
      target: { value: 80, on: '2025-12-31' },
      owner: PEOPLE.action_owner,
    });
    const after = (await t.http.get(`${measurePath}?done=changed`).set('Cookie', cookie).expect(200)).text;
    expect(after).toContain('Your change has been saved.');
    expect(after).toContain('80% by 31 December 2025');
    // Its history names who entered its figures before and who does now.
    expect(after).toContain(`<li>Who enters the figures: Sam Patel to ${PEOPLE.action_owner.name}</li>`);

    // A viewer reads the measure with no Change links.
    const viewer = await session('viewer');
    expect((await t.http.get(measurePath).set('Cookie', viewer.cookie).expect(200)).text).not.toContain('/change/');
  });

  /** A rate, not a percentage: re-referrals per 10,000 children, quarterly, through the API. */
  const reReferrals = async () => {
    const area = await scenario(t).area((await scenario(t).inspection()).id);
    const measure = await scenario(t).post(`/api/areas/${area.id}/measures`, {
      ...{ name: 'Re-referrals', definition: 'Re-referrals within 12 months.', unit: 'rate_per_10000', direction: 'lower' },
      baseline: { value: 40, on: '2024-03-31' },
      target: { value: 30, on: '2025-09-30' },
      dataSource: 'Children in need census',
      owner: { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' },
      frequency: 'quarterly',
    });
    return { area, measure };
  };

  it('takes a % sign in a changed target only for a percentage, as the Add a measure form does', async () => {
    const { measure } = await reReferrals();
    const { cookie, csrf } = await session('deputy_director');
    const path = `/measures/${measure.id}/change/target`;
    const form = (await t.http.get(path).set('Cookie', cookie).expect(200)).text;
    const target = (value: string) => ({
      _csrf: csrf,
      version: /name="version" value="(\d+)"/.exec(form)![1],
      seen: /name="seen" value="(\d+)"/.exec(form)![1],
      targetValue: value,
      'targetOn-day': '30',
      'targetOn-month': '9',
      'targetOn-year': '2025',
    });
    const refused = await t.http.post(path).set('Cookie', cookie).type('form').send(target('28%')).expect(400);
    expect(refused.text).toMatch(/govuk-error-summary[\s\S]*href="#targetValue">Enter the target value as a number</);
    expect(refused.text).toContain('value="28%"');
    expect((await t.http.get(`/api/measures/${measure.id}`).set(t.as('viewer')).expect(200)).body.target).toEqual({
      value: 30,
      on: '2025-09-30',
    });
    await t.http.post(path).set('Cookie', cookie).type('form').send(target('28')).expect(303);
    expect((await t.http.get(`/api/measures/${measure.id}`).set(t.as('viewer')).expect(200)).body.target).toEqual({
      value: 28,
      on: '2025-09-30',
    });
  });

  it('shows a viewer the measure but no forms', async () => {
    const { measure, area } = await reReferrals();
    const { cookie } = await session('viewer');
    const page = await t.http.get(`/measures/${measure.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Rate per 10,000 children');
    expect(page.text).not.toContain('Enter a value');
    const areaPage = await t.http.get(`/areas/${area.id}`).set('Cookie', cookie).expect(200);
    expect(areaPage.text).not.toContain('Add a measure');
  });

  it('lists on Home the figures someone is named to enter, the next one due first, and says which are late', async () => {
    const plan = scenario(t);
    const area = await plan.area((await plan.inspection({ authority: 'Figures County Council' })).id, 'Timeliness of visits');
    // A quarterly one whose figures are up to date, added first: the one now late comes before it.
    const quarterly = await plan.post(`/api/areas/${area.id}/measures`, {
      ...SEEN_ON_TIME,
      name: 'Strategy discussions held within a working day',
      frequency: 'quarterly',
      owner: PEOPLE.action_owner,
    });
    await plan.post(`/api/measures/${quarterly.id}/values`, { period: '2025-03', value: 60 });
    const measure = await plan.post(`/api/areas/${area.id}/measures`, { ...SEEN_ON_TIME, owner: PEOPLE.action_owner });
    const home = async (role: Role) =>
      words(
        (
          await t.http
            .get('/')
            .set('Cookie', (await session(role)).cookie)
            .expect(200)
        ).text,
      );
    // Nothing entered since the baseline: the latest month missing, March 2025, is chased; it was due 20 days after the month.
    expect(await home('action_owner')).toContain(
      `${SEEN_ON_TIME.name} Figures County Council, area 1: Timeliness of visits The value for March 2025, due 20 April 2025 Late`,
    );
    expect(await home('action_owner')).toMatch(
      new RegExp(
        `${SEEN_ON_TIME.name} Figures County Council, area 1: Timeliness of visits The value for March 2025, due 20 April 2025 Late Strategy discussions held within a working day Figures County Council, area 1: Timeliness of visits The value for June 2025, due 20 July 2025`,
      ),
    );
    // A viewer named to enter figures cannot enter them: their Home does not list them as theirs to enter.
    await plan.post(`/api/areas/${area.id}/measures`, { ...SEEN_ON_TIME, name: 'Visits on time', owner: PEOPLE.viewer });
    expect(await home('viewer')).not.toContain('Figures you enter');
    expect(await home('deputy_director')).not.toContain('Figures you enter');
    // Once March's value is in, April's is next, and not yet due.
    await plan.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 60 });
    expect(await home('action_owner')).toContain(
      `${SEEN_ON_TIME.name} Figures County Council, area 1: Timeliness of visits The value for April 2025, due 20 May 2025`,
    );
    expect(await home('action_owner')).not.toMatch(/The value for April 2025, due 20 May 2025 Late/);
  });
});
