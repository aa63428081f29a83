import { describe, expect, it } from '@jest/globals';
import { commitLine, refName, shortSha } from './commits.ts';

const SHA = '4f2a9c1d0b8e7a6f5c4d3b2a1908f7e6d5c4b3a2';

describe('commit formatting', () => {
  it('should shorten a sha to seven digits and leave nothing for none', () => {
    expect(shortSha(SHA)).toBe('4f2a9c1');
    expect(shortSha('abc')).toBe('abc');
    expect(shortSha(null)).toBe('');
  });

  it('should name refs the way people say them', () => {
    expect(refName('refs/heads/main')).toBe('main');
    expect(refName('refs/tags/v1.2.0')).toBe('v1.2.0');
    expect(refName('feature/refs/heads/x')).toBe('feature/refs/heads/x');
    expect(refName(undefined)).toBe('');
  });

  it('should put the short sha before the subject', () => {
    expect(commitLine({ sha: SHA, subject: 'Fix the proxy port', author: 'Otto', time: '2026-12-01T23:00:00Z' })).toBe(
      '4f2a9c1 Fix the proxy port',
    );
    expect(commitLine({ sha: SHA, subject: '', author: 'Otto', time: '2026-12-01T23:00:00Z' })).toBe('4f2a9c1');
    expect(commitLine(null)).toBe('');
  });
});
