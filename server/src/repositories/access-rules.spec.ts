import { describe, expect, it } from '@jest/globals';
import { accessProblems } from './access-rules.js';

const FP = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
const fields = (problems: { field?: string }[]) => problems.map((p) => p.field);

describe(accessProblems.name, () => {
  it('should accept the combinations that work', () => {
    expect(accessProblems('ssh', { access: 'deploy_key', fingerprint: FP })).toEqual([]);
    expect(accessProblems('https', { access: 'public' })).toEqual([]);
    expect(accessProblems('https', { access: 'token', token: 't0k' })).toEqual([]);
    expect(accessProblems('https', { access: 'token', token: 't0k', tokenUsername: 'oauth2' })).toEqual([]);
  });

  it('should name every field that does not fit an SSH URL', () => {
    expect(fields(accessProblems('ssh', { access: 'token', token: 'secret-tok', tokenUsername: 'u' }))).toEqual([
      'access',
      'token',
      'tokenUsername',
      'fingerprint',
    ]);
    expect(accessProblems('ssh', { access: 'public', fingerprint: FP })[0].message).toContain('deploy_key');
  });

  it('should name every field that does not fit an https URL', () => {
    expect(fields(accessProblems('https', { access: 'deploy_key', fingerprint: FP }))).toEqual(['access', 'fingerprint']);
    expect(accessProblems('https', { access: 'token' })).toEqual([{ field: 'token', message: 'is required for access token' }]);
    expect(fields(accessProblems('https', { access: 'public', token: 'x', tokenUsername: 'u' }))).toEqual(['token', 'tokenUsername']);
  });

  it('should never repeat a token in a message', () => {
    const token = 'ghp_NeverEchoThisToken123';
    const all = [
      ...accessProblems('ssh', { access: 'token', token }),
      ...accessProblems('https', { access: 'public', token }),
      ...accessProblems('https', { access: 'deploy_key', token }),
    ];
    expect(all.length).toBeGreaterThan(0);
    expect(JSON.stringify(all)).not.toContain(token);
  });
});
