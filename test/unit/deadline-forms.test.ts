import { LetterForm, PlanEventForm, type LetterQuestions } from '../../src/web/forms/deadline-forms.js';

const jtai: LetterQuestions = {
  receivedOn: true,
  draftPlanDate: false,
  actionPlanDate: true,
  priorityAction: false,
  statementRequired: true,
  principalAuthority: true,
};
const echo = <T>(dto: T) => Promise.resolve(dto);

describe('the form of the dates in Ofsted’s letter', () => {
  it('removes a stated date left empty, leaves an empty date of receipt as it was, and asks only what the framework decides by letter', async () => {
    const outcome = await new LetterForm(
      { version: '3', statementRequired: 'no', principalAuthority: ' Thames Valley Police ' },
      jtai,
    ).submit(echo);
    expect(outcome).toEqual({
      result: { version: 3, statedActionPlanDueOn: null, statementRequired: false, principalAuthority: 'Thames Valley Police' },
    });
    const unsaid = await new LetterForm({ version: '3', statementRequired: '' }, jtai).submit(echo);
    expect(unsaid).toMatchObject({ result: { statementRequired: null, principalAuthority: null } });
  });

  it('reads the dates typed, and names a date that cannot be by its question', async () => {
    const typed = {
      version: '1',
      'receivedOn-day': '27',
      'receivedOn-month': '6',
      'receivedOn-year': '2014',
      'statedActionPlanDueOn-day': '31',
      'statedActionPlanDueOn-month': '9',
      'statedActionPlanDueOn-year': '2014',
    };
    expect(await new LetterForm(typed, jtai).submit(echo)).toEqual({
      errors: { statedActionPlanDueOn: 'The date for the final plan must be a real date' },
    });
    expect(
      await new LetterForm({ ...typed, 'statedActionPlanDueOn-day': '6', 'statedActionPlanDueOn-month': '10' }, jtai).submit(echo),
    ).toMatchObject({
      result: { receivedOn: '2014-06-27', statedActionPlanDueOn: '2014-10-06' },
    });
  });
});

describe('a decision on the plan, from its page', () => {
  it('takes the day a step happened from the fields named after the step, and words the service’s refusals for the form', async () => {
    const body = {
      type: 'SUBMIT',
      version: '2',
      'happenedOn-SUBMIT-day': '18',
      'happenedOn-SUBMIT-month': '7',
      'happenedOn-SUBMIT-year': '2024',
    };
    expect(await new PlanEventForm(body).submit(echo)).toEqual({
      result: { type: 'SUBMIT', version: 2, happenedOn: '2024-07-18', comment: undefined },
    });
    expect(await new PlanEventForm({ type: 'RETURN_TO_DRAFT', version: '2' }).submit(echo)).toEqual({
      result: { type: 'RETURN_TO_DRAFT', version: 2, happenedOn: undefined, comment: undefined },
    });
    expect(await new PlanEventForm({ ...body, 'happenedOn-SUBMIT-month': '13' }).submit(echo)).toEqual({
      errors: { 'happenedOn-SUBMIT': 'Date the plan was sent to Ofsted must be a real date' },
    });
    const { InvalidInputError } = await import('../../src/common/errors.js');
    const refused = await new PlanEventForm(body).submit(() => {
      throw new InvalidInputError({
        comment: ['Enter why the date given is before today'],
        happenedOn: ['The date the plan was sent to Ofsted must be today or in the past'],
      });
    });
    expect(refused).toEqual({
      errors: {
        'comment-SUBMIT': 'Say why this is recorded after the day it happened',
        'happenedOn-SUBMIT': 'The date the plan was sent to Ofsted must be today or in the past',
      },
    });
  });
});
