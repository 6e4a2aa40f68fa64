import type { Type } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors.js';
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

  /** For a form with nothing to show again (a button): the change's result, or its refusal for the error page. */
  async submitOrRefuse<R>(change: (dto: TDto) => Promise<R>): Promise<R> {
    const outcome = await this.submit(change);
    if ('errors' in outcome) {
      throw new InvalidInputError(Object.fromEntries(Object.entries(outcome.errors).map(([field, message]) => [field, [message]])));
    }
    return outcome.result;
  }
}
