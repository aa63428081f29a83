import { describe, expect, it } from '@jest/globals';
import { formatDetail, isUnauthorized, networkError, toApiError } from '#lib/api/errors.ts';

describe(toApiError.name, () => {
  it("should keep Mission Control's code, message and details", () => {
    const body = {
      error: {
        code: 'validation_failed',
        message: 'name: must not be empty',
        details: [{ field: 'name', message: 'must not be empty' }, { message: 'check the hostname too' }],
      },
    };
    expect(toApiError(400, body)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'name: must not be empty',
      details: [{ field: 'name', message: 'must not be empty' }, { message: 'check the hostname too' }],
    });
  });

  it('should drop details without a message and empty field names', () => {
    const body = { error: { code: 'x', message: 'y', details: [{ field: 'a' }, 'text', null, { field: '', message: 'm' }] } };
    expect(toApiError(400, body).details).toEqual([{ message: 'm' }]);
  });

  it('should explain a body that is not an API error, by status', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, code: 'http_502', details: [] });
    expect(toApiError(502, '<html>Bad Gateway</html>').message).toMatch(/inside Mission Control/);
    expect(toApiError(404, undefined).message).toMatch(/doesn't know this address/);
    expect(toApiError(418, {}).message).toContain('(418)');
  });

  it('should fall back when code or message are empty', () => {
    const error = toApiError(401, { error: { code: '', message: '' } });
    expect(error.code).toBe('http_401');
    expect(error.message).toMatch(/admin token/);
  });
});

describe(isUnauthorized.name, () => {
  it('should recognise only a 401 with the unauthorized code', () => {
    const body = { error: { code: 'unauthorized', message: 'token please', details: [] } };
    expect(isUnauthorized(401, body)).toBe(true);
    expect(isUnauthorized(403, body)).toBe(false);
    expect(isUnauthorized(401, { error: { code: 'vault_locked', message: 'x' } })).toBe(false);
    expect(isUnauthorized(401, 'Unauthorized')).toBe(false);
  });
});

describe(formatDetail.name, () => {
  it('should name the field when there is one', () => {
    expect(formatDetail({ field: 'hostname', message: 'must be a hostname or IP address' })).toBe(
      'hostname: must be a hostname or IP address',
    );
    expect(formatDetail({ message: 'line 3: unknown key' })).toBe('line 3: unknown key');
  });
});

describe(networkError.name, () => {
  it('should say what to check, with no status', () => {
    expect(networkError()).toMatchObject({ status: null, code: 'network_error' });
    expect(networkError().message).toMatch(/running/);
  });
});
