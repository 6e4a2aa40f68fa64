import type { Type } from '@nestjs/common';
import { InvalidInputError } from '../common/errors.js';
import { createValidationPipe } from '../common/validation.js';
import { formErrors, type FieldErrors } from './forms.js';

const pipe = createValidationPipe();

/** A form's values checked against the API's own DTO, so a page accepts exactly what the API does. */
export async function asDto<T>(metatype: Type<T>, plain: object): Promise<T> {
  return (await pipe.transform(plain, { type: 'body', metatype })) as T;
}

/** Runs a change; on invalid input, the messages for each field instead (anything else is thrown on). */
export async function attempt<T>(
  change: () => Promise<T>,
  names: Record<string, string> = {},
): Promise<{ result: T } | { errors: FieldErrors }> {
  try {
    return { result: await change() };
  } catch (error) {
    if (error instanceof InvalidInputError) return { errors: formErrors(error.fields, names) };
    throw error;
  }
}
