import { NotFoundException, Param, ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDate } from './dates.js';
import { InvalidInputError } from './errors.js';

/** A real calendar date written YYYY-MM-DD (so 2024-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a real date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}

/** Validates every body and query against its DTO; unknown fields are refused, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) => new InvalidInputError(fieldMessages(errors)),
  });
}

function fieldMessages(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      fields[path] = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? `${path} is not a field this accepts` : message.replace(error.property, path),
      );
    }
    Object.assign(fields, fieldMessages(error.children ?? [], path));
  }
  return fields;
}

/** The `:id` route parameter. Ids are UUIDs, so anything else names nothing here: 404, like an unknown id. */
export const IdParam = () =>
  Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Nothing here has that id.') }));
