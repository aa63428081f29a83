import { describe, expect, it } from '@jest/globals';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { fieldErrors, onlyFieldErrors } from '#lib/forms/field-errors.ts';

const error = (details: ApiErrorInfo['details']): ApiErrorInfo => ({ status: 400, code: 'validation_failed', message: 'x', details });

describe(fieldErrors.name, () => {
  it("should group a field's messages and skip fields the form does not have", () => {
    const e = error([
      { field: 'password', message: 'must be longer than or equal to 1 characters' },
      { field: 'password', message: 'must be a string' },
      { field: 'password', message: 'must be a string' },
      { field: 'registryUrl', message: 'must be a registry host' },
      { field: 'other', message: 'not in this form' },
      { message: 'no field' },
    ]);
    expect(fieldErrors(e, ['registryUrl', 'username', 'password'])).toEqual({
      password: 'must be longer than or equal to 1 characters; must be a string',
      registryUrl: 'must be a registry host',
    });
  });

  it('should return nothing without an error', () => {
    expect(fieldErrors(null, ['name'])).toEqual({});
  });
});

describe(onlyFieldErrors.name, () => {
  it('should be true only when every detail names a field of the form', () => {
    expect(onlyFieldErrors(error([{ field: 'name', message: 'm' }]), ['name'])).toBe(true);
    expect(onlyFieldErrors(error([{ field: 'name', message: 'm' }, { message: 'n' }]), ['name'])).toBe(false);
    expect(onlyFieldErrors(error([]), ['name'])).toBe(false);
    expect(onlyFieldErrors(null, ['name'])).toBe(false);
  });
});
