import { describe, expect, it } from '@jest/globals';
import { defaultRef, refOptions } from './refs.ts';

const branches = [
  { name: 'dev', sha: 'aaa' },
  { name: 'main', sha: 'bbb' },
  { name: 'trunk', sha: 'ccc' },
];
const tags = [{ name: 'v1.0', sha: 'ddd' }];

describe('refOptions', () => {
  it('should list branches before tags and say which is which', () => {
    expect(refOptions({ branches, tags }).map((o) => `${o.kind}:${o.name}`)).toEqual([
      'branch:dev',
      'branch:main',
      'branch:trunk',
      'tag:v1.0',
    ]);
  });
});

describe('defaultRef', () => {
  it('should prefer the branch HEAD names, by name, full ref or commit', () => {
    expect(defaultRef({ head: 'trunk', branches, tags })).toBe('trunk');
    expect(defaultRef({ head: 'refs/heads/dev', branches, tags })).toBe('dev');
    expect(defaultRef({ head: 'ccc', branches, tags })).toBe('trunk');
  });

  it('should fall back to main, then master, then the first branch, then the first tag', () => {
    expect(defaultRef({ head: null, branches, tags })).toBe('main');
    expect(
      defaultRef({
        branches: [
          { name: 'x', sha: '1' },
          { name: 'master', sha: '2' },
        ],
        tags,
      }),
    ).toBe('master');
    expect(defaultRef({ branches: [{ name: 'x', sha: '1' }], tags })).toBe('x');
    expect(defaultRef({ branches: [], tags })).toBe('v1.0');
    expect(defaultRef({ branches: [], tags: [] })).toBe('');
  });
});
