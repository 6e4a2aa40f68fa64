import { ImportCommitForm, type ImportPreview } from '../../src/web/forms/import-form.js';

const preview: ImportPreview = {
  authority: 'Oxfordshire',
  startedOn: '2024-02-12',
  endedOn: '2024-02-23',
  publishedOn: null,
  improvementAreas: [
    { title: 'Pre-proceedings', timeframe: null },
    { title: 'Care leavers who misuse drugs', timeframe: null },
  ],
};
const onRecord = [{ name: 'Hannah Farncombe', email: 'hannah.farncombe@oxfordshire.gov.uk' }];
const echo = <T>(dto: T) => Promise.resolve(dto);
const TODAY = '2024-05-01';
const dated = { 'publishedOn-day': '9', 'publishedOn-month': '4', 'publishedOn-year': '2024' };

describe('the import preview form', () => {
  it('commits the corrections: areas left out and added, lead officers chosen or new, and who leads and clerks the plan', async () => {
    const outcome = await new ImportCommitForm(
      {
        ...dated,
        authority: 'Oxfordshire County Council',
        planLead: 'hannah.farncombe@oxfordshire.gov.uk',
        scrutinyCommittee: 'Education Scrutiny Committee',
        scrutinyClerkName: 'Colm Clerk',
        scrutinyClerkEmail: 'colm.clerk@oxfordshire.gov.uk',
        areaCount: '3',
        'area-0-title': 'Pre-proceedings',
        'area-0-lead': 'hannah.farncombe@oxfordshire.gov.uk',
        'area-1-title': 'Care leavers who misuse drugs',
        'area-1-leftOut': 'yes',
        'area-2-title': 'Recruitment of social workers',
        'area-2-timeframe': 'Within six months',
        'area-2-leadName': 'Wendy Workforce',
        'area-2-leadEmail': 'wendy.workforce@oxfordshire.gov.uk',
      },
      preview,
      onRecord,
      TODAY,
    ).submit(echo);
    expect(outcome).toEqual({
      result: expect.objectContaining({
        authority: 'Oxfordshire County Council',
        publishedOn: '2024-04-09',
        planLead: onRecord[0],
        scrutinyCommittee: 'Education Scrutiny Committee',
        scrutinyClerk: { name: 'Colm Clerk', email: 'colm.clerk@oxfordshire.gov.uk' },
        improvementAreas: [
          { title: 'Pre-proceedings', leadOfficer: onRecord[0] },
          {
            title: 'Recruitment of social workers',
            timeframe: 'Within six months',
            leadOfficer: { name: 'Wendy Workforce', email: 'wendy.workforce@oxfordshire.gov.uk' },
          },
        ],
      }),
    });
  });

  it('keeps every area found when the form does not say how many rows it holds', async () => {
    const outcome = await new ImportCommitForm(
      { ...dated, 'area-0-title': 'Pre-proceedings', 'area-1-title': 'Care leavers' },
      preview,
      onRecord,
      TODAY,
    ).submit(echo);
    expect(outcome).toEqual({
      result: expect.objectContaining({ improvementAreas: [{ title: 'Pre-proceedings' }, { title: 'Care leavers' }] }),
    });
  });

  it('names the row of the form for every problem, even past an area left out, and writes nothing', async () => {
    let changed = false;
    const change = <T>(dto: T) => ((changed = true), Promise.resolve(dto));
    const outcome = await new ImportCommitForm(
      {
        ...dated,
        planLead: 'hannah.farncombe@oxfordshire.gov.uk',
        planLeadName: 'Someone Else',
        areaCount: '3',
        'area-0-title': '',
        'area-1-leftOut': 'yes',
        'area-2-title': 'Recruitment',
        'area-2-leadName': 'Wendy Workforce',
        'area-2-leadEmail': 'not an email',
      },
      preview,
      onRecord,
      TODAY,
    ).submit(change);
    expect(outcome).toEqual({
      errors: {
        'area-2-leadEmail': 'Enter the email address of the lead officer for area 3 in the correct format, like name@example.gov.uk',
        planLead: 'Choose the plan lead from the list, or enter someone new, not both',
        'area-0-title': 'Enter what needs to improve in area 1, or leave the area out',
      },
    });
    expect(changed).toBe(false);
  });

  it('says that dates cannot be together with the form’s other problems, rather than once those are put right', async () => {
    let changed = false;
    const change = <T>(dto: T) => ((changed = true), Promise.resolve(dto));
    const submit = (body: Record<string, string>) => new ImportCommitForm(body, preview, onRecord, TODAY).submit(change);
    const ended = { 'endedOn-day': '2', 'endedOn-month': '2', 'endedOn-year': '2024' };
    expect(await submit({ ...dated, ...ended, 'area-0-title': '', 'area-1-title': 'Care leavers' })).toEqual({
      errors: {
        endedOn: 'The date the inspection ended must be on or after the date it started, 12 February 2024',
        'area-0-title': 'Enter what needs to improve in area 1, or leave the area out',
      },
    });
    // The dates found in the report count where the form leaves them as they were: published before its fieldwork ended.
    const published = { 'publishedOn-day': '20', 'publishedOn-month': '2', 'publishedOn-year': '2024' };
    const received = { 'receivedOn-day': '2', 'receivedOn-month': '5', 'receivedOn-year': '2024' };
    expect(await submit({ ...published, ...received, 'area-0-title': 'Pre-proceedings', 'area-1-title': '' })).toEqual({
      errors: {
        publishedOn: 'The date the report was published must be on or after the date the inspection ended, 23 February 2024',
        receivedOn: 'The date the council received the report must be today or in the past',
        'area-1-title': 'Enter what needs to improve in area 2, or leave the area out',
      },
    });
    expect(changed).toBe(false);
  });
});
