import { describe, expect, it } from '@jest/globals';
import { emptyTokenForm, stackNames, tokenFormBody, type TokenFormValues } from '#lib/tokens/token-form.ts';

function form(changes: Partial<TokenFormValues>): TokenFormValues {
  return { ...emptyTokenForm(), ...changes };
}

describe(tokenFormBody.name, () => {
  it('should build the body of a deploy token limited to two stacks that expires', () => {
    const values = form({
      name: ' ci-shop ',
      scopes: { read: false, deploy: true, admin: false },
      stacks: 'shop, blog shop',
      expiresInDays: '30',
    });

    expect(tokenFormBody(values)).toEqual({
      body: { name: 'ci-shop', scopes: ['deploy'], stacks: ['shop', 'blog'], expiresInDays: 30 },
      errors: null,
    });
  });

  it('should leave out stacks and expiry when they are empty', () => {
    const values = form({ name: 'dash.ro', scopes: { read: true, deploy: false, admin: true } });

    expect(tokenFormBody(values)).toEqual({ body: { name: 'dash.ro', scopes: ['read', 'admin'] }, errors: null });
  });

  it('should name every field that is wrong and build nothing', () => {
    const values = form({ name: 'has space', stacks: 'shop', expiresInDays: '3651' });

    const result = tokenFormBody(values);

    expect(result.body).toBeNull();
    expect(Object.keys(result.errors ?? {}).sort()).toEqual(['expiresInDays', 'name', 'scopes', 'stacks']);
    expect(result.errors?.expiresInDays).toContain('3650');
  });

  it.each(['0', '1.5', '-2', 'ten'])('should refuse %p days', (days) => {
    const values = form({ name: 'ci', scopes: { read: true, deploy: false, admin: false }, expiresInDays: days });

    expect(tokenFormBody(values).errors).toEqual({ expiresInDays: expect.any(String) });
  });

  it('should refuse a name longer than 64 characters', () => {
    const values = form({ name: 'a'.repeat(65), scopes: { read: true, deploy: false, admin: false } });

    expect(tokenFormBody(values).errors).toEqual({ name: expect.stringContaining('64') });
  });
});

describe(stackNames.name, () => {
  it('should split on commas and spaces and drop repeats and blanks', () => {
    expect(stackNames(' shop,,blog  api,shop ')).toEqual(['shop', 'blog', 'api']);
  });
});
