import { describe, expect, it } from '@jest/globals';
import { deployKeyGuides, forHost, tokenGuides } from './setup-guides.js';

const providers = (host: string) => forHost(deployKeyGuides(), host).map((g) => g.provider);

describe('setup guides', () => {
  it('should put the guide of the URL’s host first and keep the others', () => {
    expect(providers('github.com')).toEqual(['github', 'gitlab', 'gitea', 'generic']);
    expect(providers('gitlab.example.org')).toEqual(['gitlab', 'github', 'gitea', 'generic']);
    expect(providers('codeberg.org')).toEqual(['gitea', 'github', 'gitlab', 'generic']);
    expect(providers('git.internal')).toEqual(['github', 'gitlab', 'gitea', 'generic']);
  });

  it('should tell every provider to keep the deploy key read-only', () => {
    for (const g of deployKeyGuides()) {
      expect([g.provider, g.steps.some((s) => /write access|write permissions|read-only|git-shell/i.test(s))]).toEqual([g.provider, true]);
    }
  });

  it('should ask for read-only tokens, with the user name GitLab needs', () => {
    const byProvider = Object.fromEntries(tokenGuides().map((g) => [g.provider, g.steps.join(' ')]));
    expect(byProvider.github).toContain('Contents → Read-only');
    expect(byProvider.gitlab).toMatch(/read_repository.*oauth2/s);
    expect(byProvider.gitea).toContain('read:repository');
  });
});
