import { ApiError } from '../errors/api-error.js';
import { checkRef, checkSha, refProblem } from './git-args.js';

describe('refProblem', () => {
  it.each(['main', 'release/2026.1', 'v1.2.3', 'refs/heads/main', 'feature-x_y', '4f2a9c1'])('should accept %s', (ref) => {
    expect(refProblem(ref)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['-main', 'starts with "-"'],
    ['--upload-pack=id', 'starts with "-"'],
    ['a b', 'a space'],
    ['a\nb', 'control character'],
    ['main~1', '~ ^ :'],
    ['HEAD^', '~ ^ :'],
    ['a:b', '~ ^ :'],
    ['a*', '~ ^ :'],
    ['a..b', '".."'],
    ['main@{1}', '"@{"'],
    ['a//b', '"//"'],
    ['/main', 'not a valid ref name'],
    ['main/', 'not a valid ref name'],
    ['main.lock', 'not a valid ref name'],
    ['.hidden', 'starts with "."'],
    ['x'.repeat(256), 'longer than 255'],
  ])('should refuse %j (%s)', (ref, reason) => {
    expect(refProblem(ref)).toContain(reason);
  });
});

describe('checkRef', () => {
  it('should throw a 400 ref_invalid naming the ref', () => {
    let err: unknown;
    try {
      checkRef('-x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'ref_invalid',
      message: '"-x" is not a branch, tag or commit name: it starts with "-".',
    });
  });
});

describe('checkSha', () => {
  it('should accept full and abbreviated shas', () => {
    expect(() => checkSha('4f2a')).not.toThrow();
    expect(() => checkSha('A'.repeat(40))).not.toThrow();
    expect(() => checkSha('a'.repeat(64))).not.toThrow();
  });

  it.each(['abc', '-abcd', 'main', 'a'.repeat(65), 'abcd^{tree}'])('should refuse %s', (sha) => {
    expect(() => checkSha(sha)).toThrow(expect.objectContaining({ code: 'sha_invalid' }));
  });
});
