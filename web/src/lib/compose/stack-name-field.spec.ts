import { describe, expect, it } from '@jest/globals';
import { stackNameProblem, type NameFieldState } from './stack-name-field.ts';

const base: NameFieldState = { name: '', issues: [], expectsName: false, missingMessage: 'Give the stack a name.' };
const issue = (message: string) => ({ message, line: 1, column: 1, path: '' });

describe('stackNameProblem', () => {
  it('should say nothing about an empty name before there is a file or a save', () => {
    expect(stackNameProblem(base)).toBeUndefined();
  });

  it('should ask for a name in plain words once a file is pasted or saving is tried', () => {
    expect(stackNameProblem({ ...base, expectsName: true })).toBe('Give the stack a name.');
  });

  it("should show Mission Control's reason for a wrong name without its prefix", () => {
    const issues = [issue('Stack name: A stack name uses lower-case letters only: try "shop".')];
    expect(stackNameProblem({ ...base, name: 'Shop', issues })).toBe('A stack name uses lower-case letters only: try "shop".');
  });

  it('should prefer the error from saving over the last validation', () => {
    const issues = [issue('Stack name: old')];
    expect(stackNameProblem({ ...base, name: 'shop', issues, saveError: 'A stack named shop already exists.' })).toBe(
      'A stack named shop already exists.',
    );
  });

  it('should show nothing for a good name', () => {
    expect(stackNameProblem({ ...base, name: 'shop', expectsName: true })).toBeUndefined();
  });
});
