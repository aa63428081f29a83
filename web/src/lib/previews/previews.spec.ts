import { describe, expect, it } from '@jest/globals';
import { byNumberDescending, secretBody, settingsBody, withPreviewsUnderParents, type ListedStack } from './previews.ts';

const stack = (id: string, preview?: { parent: string; number: number }): ListedStack => ({
  id,
  name: preview ? `${preview.parent}-pr-${preview.number}` : id,
  preview: preview ? { parentId: preview.parent, parentName: preview.parent, number: preview.number } : null,
});

describe('withPreviewsUnderParents', () => {
  it("should list each preview right under its parent, by request number, and keep the rest's order", () => {
    const rows = withPreviewsUnderParents([
      stack('blog'),
      stack('shop-pr-9', { parent: 'shop', number: 9 }),
      stack('shop'),
      stack('shop-pr-3', { parent: 'shop', number: 3 }),
    ]);
    expect(rows.map((r) => [r.stack.name, r.underParent])).toEqual([
      ['blog', false],
      ['shop', false],
      ['shop-pr-3', true],
      ['shop-pr-9', true],
    ]);
  });

  it('should keep a preview whose parent is not listed where it was, not under anything', () => {
    const rows = withPreviewsUnderParents([stack('gone-pr-1', { parent: 'gone', number: 1 }), stack('blog')]);
    expect(rows.map((r) => [r.stack.name, r.underParent])).toEqual([
      ['gone-pr-1', false],
      ['blog', false],
    ]);
  });
});

describe('settingsBody', () => {
  it('should send the switches and the limit as a number', () => {
    expect(settingsBody({ enabled: true, allowForks: false, limit: ' 8 ' })).toEqual({
      ok: true,
      body: { enabled: true, allowForks: false, limit: 8 },
    });
    expect(settingsBody({ enabled: false, allowForks: false, limit: '' })).toMatchObject({ body: { limit: 5 } });
  });

  it('should refuse a limit outside 1 to 50 or not a whole number, naming the field', () => {
    for (const limit of ['0', '51', '2.5', 'ten', '-1']) {
      expect(settingsBody({ enabled: true, allowForks: false, limit })).toEqual({
        ok: false,
        field: 'limit',
        problem: 'previews.settings.limitProblem',
      });
    }
    expect(settingsBody({ enabled: true, allowForks: false, limit: '50' }).ok).toBe(true);
  });
});

describe('secretBody', () => {
  it('should set a secret for every preview when no request is named', () => {
    expect(secretBody({ name: ' API_KEY ', value: 's3cret', pullRequest: '' })).toEqual({
      ok: true,
      name: 'API_KEY',
      body: { value: 's3cret' },
    });
  });

  it('should set it for one request, written with or without #', () => {
    expect(secretBody({ name: 'API_KEY', value: 'x', pullRequest: '#42' })).toMatchObject({ body: { pullRequest: 42 } });
    expect(secretBody({ name: 'API_KEY', value: 'x', pullRequest: '7' })).toMatchObject({ body: { pullRequest: 7 } });
  });

  it('should say which field is wrong', () => {
    expect(secretBody({ name: '', value: 'x', pullRequest: '' })).toMatchObject({
      ok: false,
      field: 'name',
      problem: 'previews.secrets.nameRequired',
    });
    expect(secretBody({ name: '1KEY', value: 'x', pullRequest: '' })).toMatchObject({
      ok: false,
      field: 'name',
      problem: 'previews.secrets.nameProblem',
    });
    expect(secretBody({ name: 'KEY', value: '', pullRequest: '' })).toMatchObject({ ok: false, field: 'value' });
    expect(secretBody({ name: 'KEY', value: 'x', pullRequest: '0' })).toMatchObject({ ok: false, field: 'pullRequest' });
    expect(secretBody({ name: 'KEY', value: 'x', pullRequest: 'main' })).toMatchObject({ ok: false, field: 'pullRequest' });
  });
});

describe('byNumberDescending', () => {
  it('should put the newest request first without changing the list it was given', () => {
    const list = [{ number: 3 }, { number: 12 }, { number: 7 }];
    expect(byNumberDescending(list).map((p) => p.number)).toEqual([12, 7, 3]);
    expect(list.map((p) => p.number)).toEqual([3, 12, 7]);
  });
});
