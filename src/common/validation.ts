import { NotFoundException, Param, ParseUUIDPipe, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDate } from './dates.js';
import { InvalidInputError } from './errors.js';
import { fieldLabel, fieldMessages } from './field-words.js';

/** A real calendar date written YYYY-MM-DD (so 2024-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}

/** Control characters (bar tab and line breaks) and a carriage return not followed by a line feed: text never needs them, and they forge log lines and calendar lines. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;
/** What a name, an email address or a title may not hold: any control character, a line break included. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A value on one line, with no control characters: names, email addresses, titles. */
export function SingleLine(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'singleLine',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: (value: unknown) => typeof value !== 'string' || !NOT_ONE_LINE.test(value) },
    });
}

/**
 * Deeper than any body this API takes (its DTOs nest three levels), and far short of what overflows
 * the stack: class-transformer and class-validator recurse once per level, and a 1 MB body of
 * brackets, nested half a million deep, answered 500.
 */
export const MAX_BODY_DEPTH = 32;

class BodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && depthOf(value) > MAX_BODY_DEPTH) {
      return Promise.reject(new InvalidInputError({ body: [`The body nests deeper than ${MAX_BODY_DEPTH} levels.`] }));
    }
    const controls = metadata.type === 'body' || metadata.type === 'query' ? fieldsWithControlCharacters(value) : [];
    if (controls.length > 0) {
      return Promise.reject(
        new InvalidInputError(
          Object.fromEntries(controls.map((path) => [path, [`${capitalised(fieldLabel(path))} must not contain control characters`]])),
        ),
      );
    }
    return super.transform(value, metadata);
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** How deeply objects and arrays nest in `value`, counted without recursion (which is the danger). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_BODY_DEPTH) break;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** The paths of the strings in `value` that hold control characters: no field of any body may. */
function fieldsWithControlCharacters(value: unknown): string[] {
  const found: string[] = [];
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string' && CONTROL.test(item)) found.push(path || 'body');
    if (typeof item !== 'object' || item === null) continue;
    for (const [key, child] of Object.entries(item)) pending.push([child, path ? `${path}.${key}` : key]);
  }
  return found.sort();
}

/** Validates every body and query against its DTO; unknown fields are refused, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) => new InvalidInputError(fieldMessages(errors)),
  });
}

/** The `:id` route parameter. Ids are UUIDs, so anything else names nothing here: 404, like an unknown id. */
export const IdParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Nothing here has that id.') }));
