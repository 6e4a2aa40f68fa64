import type { Type } from '@nestjs/common';
import { ConflictError, EventRejectedError, InvalidInputError, StaleVersionError } from '../../common/errors.js';
import { createValidationPipe } from '../../common/validation.js';
import { formErrors, type FieldErrors, type FormBody } from '../forms.js';

const pipe = createValidationPipe();

/** A form's values checked against the API's own DTO, so a page accepts exactly what the API does. */
export async function asDto<T>(metatype: Type<T>, plain: object): Promise<T> {
  return (await pipe.transform(plain, { type: 'body', metatype })) as T;
}

export type Submitted<R> = { result: R } | { errors: FieldErrors };

/**
 * One page's form: how its fields become the API's DTO, what the form itself can see is wrong (a
 * date that cannot be), and how the service's messages read on this form. The controller only says
 * what to do with the DTO.
 */
export abstract class PageForm<TDto extends object> {
  constructor(readonly body: FormBody) {}

  /** The DTO the API takes for the same change. */
  protected abstract readonly dto: Type<TDto>;
  /** The form's values, as the DTO takes them. */
  protected abstract values(): object;
  /** Problems the form sees before the service does, by field. */
  protected checks(): FieldErrors {
    return {};
  }
  /** The service's field paths as this form's field names (owner.email → ownerEmail). */
  protected fieldNames(): Record<string, string> {
    return {};
  }
  /** The form's fields in the order the page shows them, so the error summary lists problems in that order. */
  protected fieldOrder(): string[] {
    return [];
  }
  /**
   * Where a refusal of the whole change (a conflict, a step the workflow will not take, a stale
   * version) is shown, so the form comes back with it and with what was typed: the first field.
   */
  protected refusalField(): string {
    return this.fieldOrder()[0] ?? Object.keys(this.values())[0] ?? 'form';
  }
  /**
   * A page that says who changed what since it was read handles someone else's change itself: the
   * stale refusal is thrown to it rather than shown on the first field.
   */
  protected explainsStaleEdits(): boolean {
    return false;
  }
  /** What to tell the person about a field the service refused, where its words are not the form's. */
  protected reword(_field: string, message: string): string {
    return message;
  }

  /**
   * Checks the form and the DTO together, so every problem shows at once; only a form with none
   * reaches `change`. Anything other than invalid input is thrown on.
   */
  async submit<R>(change: (dto: TDto) => Promise<R>): Promise<Submitted<R>> {
    const own = this.checks();
    try {
      const dto = await asDto(this.dto, this.values());
      if (Object.keys(own).length > 0) return { errors: this.inOrder(own) };
      return { result: await change(dto) };
    } catch (error) {
      if (error instanceof StaleVersionError && this.explainsStaleEdits()) throw error;
      const refusal = refusalMessage(error);
      if (refusal) return { errors: this.inOrder({ ...own, [this.refusalField()]: refusal }) };
      if (!(error instanceof InvalidInputError)) throw error;
      const service = formErrors(error.fields, this.fieldNames());
      const worded = Object.fromEntries(Object.entries(service).map(([field, message]) => [field, this.reword(field, message)]));
      return { errors: this.inOrder({ ...worded, ...own }) };
    }
  }

  private inOrder(errors: FieldErrors): FieldErrors {
    const order = this.fieldOrder();
    const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
    return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => position(a) - position(b)));
  }
}

/** The words of a refusal a form can show, or null for an error that is not one. The workflow's own reasons say it best where it gives them. */
function refusalMessage(error: unknown): string | null {
  if (error instanceof EventRejectedError) {
    return error.reasons.length > 0
      ? error.reasons.join(' ')
      : `It has changed since this page was loaded: it is now ${error.state.replaceAll('_', ' ')}. Check it and try again.`;
  }
  if (error instanceof ConflictError || error instanceof StaleVersionError) return error.message;
  return null;
}
