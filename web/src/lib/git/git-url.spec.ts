import { describe, expect, it } from '@jest/globals';
import { accessChoices, keptAccess, repositoryUrlKind, suggestedRepositoryName } from './git-url.ts';

describe('repositoryUrlKind', () => {
  it.each([
    ['ssh://git@github.com/otter/fleet.git', 'ssh'],
    ['SSH://git@host:2222/otter/fleet.git', 'ssh'],
    ['git@github.com:otter/fleet.git', 'ssh'],
    ['  git@gitlab.example.com:group/sub/fleet  ', 'ssh'],
    ['https://github.com/otter/fleet.git', 'https'],
    ['http://127.0.0.1:8765/fleet.git', 'https'],
    ['', 'unknown'],
    ['github.com/otter/fleet', 'unknown'],
    ['file:///srv/fleet.git', 'unknown'],
    ['/srv/git/fleet.git', 'unknown'],
    ['git@host://fleet', 'unknown'],
  ])('should read %j as %s', (url, kind) => {
    expect(repositoryUrlKind(url)).toBe(kind);
  });
});

describe('suggestedRepositoryName', () => {
  it.each([
    ['https://github.com/otter/fleet.git', 'fleet'],
    ['https://github.com/otter/fleet/', 'fleet'],
    ['git@github.com:otter/launchpad.git', 'launchpad'],
    ['ssh://git@host:2222/a/b/c.GIT', 'c'],
    ['https://host/x/y?tab=readme', 'y'],
    ['', ''],
  ])('should suggest a name from %j', (url, name) => {
    expect(suggestedRepositoryName(url)).toBe(name);
  });
});

describe('access choices', () => {
  it('should offer only a deploy key over SSH and public or token over HTTPS', () => {
    expect(accessChoices('ssh')).toEqual(['deploy_key']);
    expect(accessChoices('https')).toEqual(['public', 'token']);
    expect(accessChoices('unknown')).toEqual([]);
  });

  it('should keep a choice the new URL still allows and switch one it does not', () => {
    expect(keptAccess('token', 'https')).toBe('token');
    expect(keptAccess('token', 'ssh')).toBe('deploy_key');
    expect(keptAccess('deploy_key', 'https')).toBe('public');
    expect(keptAccess('public', 'unknown')).toBe('public');
  });
});
