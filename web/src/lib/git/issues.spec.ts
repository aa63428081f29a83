import { describe, expect, it } from '@jest/globals';
import { issueWhere, pickComposeFile } from './issues.ts';

const SHA = '4f2a9c1d0b8e7a6f5c4d3b2a1908f7e6d5c4b3a2';

describe('issueWhere', () => {
  it('should name file, line, column and commit', () => {
    expect(issueWhere({ message: 'x', line: 12, column: 3 }, 'deploy/compose.yaml', SHA)).toBe('deploy/compose.yaml:12:3 at 4f2a9c1');
  });

  it("should prefer the issue's own file", () => {
    expect(issueWhere({ message: 'x', line: 2, column: 1, file: 'deploy/app.env' }, 'deploy/compose.yaml', SHA)).toBe(
      'deploy/app.env:2:1 at 4f2a9c1',
    );
  });

  it("should prefer the issue's own commit", () => {
    expect(issueWhere({ message: 'x', line: 1, column: 2, commit: 'abcdef0' }, 'compose.yaml', SHA)).toBe('compose.yaml:1:2 at abcdef0');
  });

  it('should leave out a position or commit it does not have', () => {
    expect(issueWhere({ message: 'x', line: 0, column: 0 }, 'compose.yaml', null)).toBe('compose.yaml');
    expect(issueWhere({ message: 'x', line: 4, column: 0 }, 'compose.yaml', undefined)).toBe('compose.yaml:4:1');
  });
});

describe('pickComposeFile', () => {
  const files = ['compose.yaml', 'deploy/compose.yml', 'ci.yml'];

  it('should keep the chosen file when the ref still has it, and a folder always', () => {
    expect(pickComposeFile(files, 'deploy/compose.yml')).toBe('deploy/compose.yml');
    expect(pickComposeFile(files, 'deploy/')).toBe('deploy/');
  });

  it('should start from the first listed file otherwise', () => {
    expect(pickComposeFile(files, '')).toBe('compose.yaml');
    expect(pickComposeFile(files, 'gone.yaml')).toBe('compose.yaml');
    expect(pickComposeFile([], 'typed.yaml')).toBe('typed.yaml');
  });
});
