import { describe, expect, it } from '@jest/globals';
import { outcome } from '#lib/api/call.ts';

describe(outcome.name, () => {
  it('should hand back the data of a successful call', async () => {
    expect(await outcome(Promise.resolve({ data: { id: 'a' }, response: new Response(null, { status: 200 }) }))).toEqual({
      ok: true,
      data: { id: 'a' },
      error: null,
    });
  });

  it("should turn an error answer into Mission Control's words", async () => {
    const error = { error: { code: 'last_manager', message: 'outpost-1 is the last manager.', details: [] } };
    const result = await outcome(Promise.resolve({ error, response: new Response(null, { status: 409 }) }));
    expect(result).toMatchObject({ ok: false, error: { status: 409, code: 'last_manager', message: 'outpost-1 is the last manager.' } });
  });

  it('should turn a failed fetch into a network error', async () => {
    expect(await outcome(Promise.reject(new TypeError('fetch failed')))).toMatchObject({ ok: false, error: { code: 'network_error' } });
  });
});
