import { ConflictError, EventRejectedError, StaleVersionError } from '../../src/common/errors.js';
import { NewActionForm, WorkflowEventForm } from '../../src/web/forms/plan-forms.js';
import { RemoveActionForm } from '../../src/web/forms/remove-action-form.js';

const refusedWith = (error: Error) => () => Promise.reject(error);

describe('a refusal from the service brings the form back, with the words on a field the page shows', () => {
  const action = {
    title: 'Audit files',
    ownerName: 'Olu Owner',
    ownerEmail: 'olu.owner@oxfordshire.gov.uk',
    'dueOn-day': '31',
    'dueOn-month': '10',
    'dueOn-year': '2024',
    successMeasure: 'Every file audited',
  };

  it('shows a conflict on the first field of the form', async () => {
    expect(
      await new NewActionForm(action, []).submit(
        refusedWith(new ConflictError('This improvement area is closed: it takes no new actions.')),
      ),
    ).toEqual({
      errors: { title: 'This improvement area is closed: it takes no new actions.' },
    });
  });

  it('shows someone else’s change on the first field of a form that does not explain it itself', async () => {
    const stale = await new NewActionForm(action, []).submit(refusedWith(new StaleVersionError('improvement_area', 1, 2)));
    expect(Object.keys('errors' in stale ? stale.errors : {})).toEqual(['title']);
  });

  it('hands someone else’s change to a page that says who changed what', async () => {
    await expect(new RemoveActionForm({ version: '1' }).submit(refusedWith(new StaleVersionError('action', 1, 2)))).rejects.toBeInstanceOf(
      StaleVersionError,
    );
  });

  it('shows a step refused on its reason box, in the workflow’s own words, or on its button where it has no box', async () => {
    const cancel = await new WorkflowEventForm({ type: 'CANCEL', version: '1', comment: '' }).submit(
      refusedWith(
        new EventRejectedError('action', 'in_progress', 'CANCEL', ['COMPLETE', 'BLOCK', 'CANCEL'], ['Give a reason to cancel an action.']),
      ),
    );
    expect(cancel).toEqual({ errors: { 'comment-CANCEL': 'Give a reason to cancel an action.' } });
    const start = await new WorkflowEventForm({ type: 'START', version: '1' }).submit(
      refusedWith(new EventRejectedError('action', 'completed', 'START', ['REOPEN'], [])),
    );
    expect(start).toEqual({
      errors: { 'event-START': 'It has changed since this page was loaded: it is now completed. Check it and try again.' },
    });
  });

  it('lets any other error through to the error page', async () => {
    await expect(new NewActionForm(action, []).submit(refusedWith(new Error('disk full')))).rejects.toThrow('disk full');
  });
});
