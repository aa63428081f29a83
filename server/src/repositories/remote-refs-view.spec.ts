import { describe, expect, it } from '@jest/globals';
import { refsView } from './remote-refs-view.js';

const sha = (c: string) => c.repeat(40);

describe(refsView.name, () => {
  it('should split branches and tags by short name, peel annotated tags and name the HEAD branch', () => {
    const view = refsView({
      head: 'refs/heads/main',
      refs: new Map([
        ['HEAD', sha('a')],
        ['refs/heads/main', sha('a')],
        ['refs/heads/feature/x', sha('b')],
        ['refs/tags/v1.0', sha('c')],
        ['refs/tags/v1.0^{}', sha('d')],
        ['refs/tags/light', sha('e')],
        ['refs/pull/1/head', sha('f')],
      ]),
    });
    expect(view).toEqual({
      head: 'main',
      branches: [
        { name: 'feature/x', sha: sha('b') },
        { name: 'main', sha: sha('a') },
      ],
      tags: [
        { name: 'light', sha: sha('e') },
        { name: 'v1.0', sha: sha('d') },
      ],
      truncated: false,
    });
  });

  it('should answer a null head for an empty remote, and cap long lists', () => {
    expect(refsView({ head: null, refs: new Map() })).toEqual({ head: null, branches: [], tags: [], truncated: false });
    const refs = new Map(Array.from({ length: 4 }, (_, i) => [`refs/tags/t${i}`, sha(String(i))] as [string, string]));
    const capped = refsView({ head: null, refs }, 3);
    expect([capped.tags.map((t) => t.name), capped.truncated]).toEqual([['t0', 't1', 't2'], true]);
  });
});
