import { describe, expect, it } from '@jest/globals';
import { elements, renderComponent, textOf } from '#lib/testing/render-component.ts';
import type { Preview, PreviewOf, StackSummary } from './dto.ts';

const SHA = '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a';
const soon = new Date(Date.now() + 6 * 24 * 3600 * 1000).toISOString();
const earlier = new Date(Date.now() - 2 * 3600 * 1000).toISOString();

function preview(overrides: Partial<Preview> = {}): Preview {
  return {
    stackId: 'sp42',
    name: 'shop-pr-42',
    number: 42,
    title: 'Checkout: one page',
    branch: 'feature/checkout',
    headSha: SHA,
    fork: false,
    url: 'https://pr-42.preview.example.com',
    status: 'running',
    createdAt: earlier,
    activeAt: earlier,
    expiresAt: soon,
    lastDeployment: { id: 'd1', version: 2, status: 'succeeded' },
    ...overrides,
  };
}

describe('PreviewTable', () => {
  it('should list each request with its branch, commit, URL, age, expiry and status, newest first', async () => {
    const html = await renderComponent('components/PreviewTable.svelte', {
      previews: [preview({ number: 7, name: 'shop-pr-7', stackId: 'sp7', title: 'Older' }), preview()],
      onteardown: () => undefined,
    });
    const rows = elements(html, 'tr').slice(1).map(textOf);

    expect(rows[0]).toMatch(/^#42 Checkout: one page shop-pr-42/);
    expect(rows[0]).toContain('feature/checkout');
    expect(rows[0]).toContain('4f2a9c1');
    expect(rows[0]).toContain('https://pr-42.preview.example.com');
    expect(rows[0]).toContain('2 hours ago');
    expect(rows[0]).toContain('in 6 days');
    expect(rows[0]).toContain('Running');
    expect(rows[0]).toContain('version 2');
    expect(rows[0]).toContain('Tear down shop-pr-42');
    expect(rows[1]).toMatch(/^#7 Older/);
    expect(html).toContain('href="/stacks/sp42"');
    expect(html).toContain('href="https://pr-42.preview.example.com"');
  });

  it('should mark a fork and say when a preview has no domain', async () => {
    const text = textOf(
      await renderComponent('components/PreviewTable.svelte', {
        previews: [preview({ fork: true, url: null })],
        onteardown: () => undefined,
      }),
    );
    expect(text).toContain('from a fork');
    expect(text).toContain('No preview domain');
  });
});

describe('PreviewOfNotice', () => {
  const of: PreviewOf = {
    parentId: 'st1',
    parentName: 'shop',
    number: 42,
    title: 'Checkout: one page',
    branch: 'feature/checkout',
    headSha: SHA,
    fork: false,
    activeAt: earlier,
    expiresAt: soon,
  };

  it('should name the request it previews and link its parent stack', async () => {
    const html = await renderComponent('components/PreviewOfNotice.svelte', { preview: of });
    const text = textOf(html);

    expect(textOf(elements(html, 'h2')[0])).toBe('Preview of pull request #42 Checkout: one page');
    expect(text).toContain('A preview of shop · feature/checkout · 4f2a9c1');
    expect(html).toContain('href="/stacks/st1"');
    expect(text).toContain('Torn down unless the request is pushed to: in 6 days');
  });
});

describe('StackTable', () => {
  const summary = (id: string, name: string, previewOf?: { parentId: string; parentName: string; number: number }): StackSummary => ({
    id,
    name,
    status: 'running',
    lastDeployedAt: null,
    createdAt: earlier,
    updatedAt: earlier,
    source: null,
    commit: null,
    preview: previewOf ? { ...previewOf, title: null, branch: null, headSha: null, fork: false, activeAt: null, expiresAt: null } : null,
  });

  it('should list a preview right under its parent and mark it as a preview', async () => {
    const html = await renderComponent('components/StackTable.svelte', {
      stacks: [
        summary('sp3', 'shop-pr-3', { parentId: 'st1', parentName: 'shop', number: 3 }),
        summary('st2', 'blog'),
        summary('st1', 'shop'),
      ],
    });
    const rows = elements(html, 'tr').slice(1).map(textOf);

    expect(rows.map((r) => r.split(' ')[0])).toEqual(['blog', 'shop', 'shop-pr-3']);
    expect(rows[2]).toContain('Preview of #3');
  });

  it('should say whose preview it is when its parent is not listed', async () => {
    const html = await renderComponent('components/StackTable.svelte', {
      stacks: [summary('sp3', 'shop-pr-3', { parentId: 'gone', parentName: 'shop', number: 3 })],
    });
    expect(textOf(html)).toContain('Preview of #3 of shop');
  });
});
