import type { ValidationError } from 'class-validator';
import { badRequest, type ErrorDetail } from './api-error.js';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator prefixes messages with the property name; we name the field separately
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** ValidationPipe's exceptionFactory: a 400 that names every invalid field. */
export function validationFailed(errors: ValidationError[]) {
  const details = flatten(errors).map((d) =>
    d.message.includes('should not exist') ? { field: d.field, message: 'is not a known field' } : d,
  );
  const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return badRequest('validation_failed', summary || 'The request is not valid.', details);
}
