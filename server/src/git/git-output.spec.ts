import { COMMIT_FORMAT, parseCommitLine, parseLsRemote, parseLsTree } from './git-output.js';

// captured from git 2.39 (Debian 12)
const LS_REMOTE = [
  'ref: refs/heads/main\tHEAD',
  '3f1e0c6d7a1b2c3d4e5f60718293a4b5c6d7e8f9\tHEAD',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\trefs/heads/dev',
  '3f1e0c6d7a1b2c3d4e5f60718293a4b5c6d7e8f9\trefs/heads/main',
  'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\trefs/tags/v1',
  'cccccccccccccccccccccccccccccccccccccccc\trefs/tags/v1^{}',
  'dddddddddddddddddddddddddddddddddddddddd\trefs/tags/light',
  '',
].join('\n');

describe('parseLsRemote', () => {
  it('should read HEAD and every ref, an annotated tag as the commit it points at', () => {
    const refs = parseLsRemote(LS_REMOTE);
    expect(refs.head).toBe('refs/heads/main');
    expect(Object.fromEntries(refs.refs)).toEqual({
      HEAD: '3f1e0c6d7a1b2c3d4e5f60718293a4b5c6d7e8f9',
      'refs/heads/dev': 'a'.repeat(40),
      'refs/heads/main': '3f1e0c6d7a1b2c3d4e5f60718293a4b5c6d7e8f9',
      'refs/tags/v1': 'c'.repeat(40),
      'refs/tags/light': 'd'.repeat(40),
    });
  });

  it('should answer no HEAD for an empty repository', () => {
    expect(parseLsRemote('')).toEqual({ head: null, refs: new Map() });
  });
});

describe('parseLsTree', () => {
  it('should read files, folders, links and submodules, names with tabs and newlines intact', () => {
    const text = [
      '100644 blob 1111111111111111111111111111111111111111      34\tcompose.yaml',
      '040000 tree 2222222222222222222222222222222222222222       -\tdeploy',
      '120000 blob 3333333333333333333333333333333333333333      10\tlink',
      '160000 commit 4444444444444444444444444444444444444444       -\tvendor/lib',
      '100755 blob 5555555555555555555555555555555555555555       0\todd\tname\nhere',
      '',
    ].join('\0');
    expect(parseLsTree(text)).toEqual([
      { mode: '100644', type: 'blob', oid: '1'.repeat(40), path: 'compose.yaml', size: 34 },
      { mode: '040000', type: 'tree', oid: '2'.repeat(40), path: 'deploy' },
      { mode: '120000', type: 'blob', oid: '3'.repeat(40), path: 'link', size: 10 },
      { mode: '160000', type: 'commit', oid: '4'.repeat(40), path: 'vendor/lib' },
      { mode: '100755', type: 'blob', oid: '5'.repeat(40), path: 'odd\tname\nhere', size: 0 },
    ]);
  });

  it('should throw on output it does not understand', () => {
    expect(() => parseLsTree('garbage\0')).toThrow('unexpected git ls-tree output');
  });
});

describe('parseCommitLine', () => {
  it('should split the NUL-separated fields of COMMIT_FORMAT', () => {
    expect(COMMIT_FORMAT).toBe('%H%x00%s%x00%an%x00%cI');
    expect(parseCommitLine(`${'e'.repeat(40)}\0fix: a; b\0Otto Tester\x002026-01-02T03:04:05+01:00\n`)).toEqual({
      sha: 'e'.repeat(40),
      subject: 'fix: a; b',
      author: 'Otto Tester',
      time: new Date('2026-01-02T02:04:05Z'),
    });
  });

  it('should refuse output without a sha', () => {
    expect(() => parseCommitLine('nope')).toThrow('unexpected git show output');
  });
});
