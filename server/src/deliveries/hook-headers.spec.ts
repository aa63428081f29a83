import { detectProvider } from './hook-headers.js';

describe(detectProvider.name, () => {
  it.each([
    // Forgejo sends Gitea's headers too, and Gitea sends GitHub's
    ['forgejo', { 'x-forgejo-event': 'push', 'x-gitea-event': 'push', 'x-github-event': 'push' }],
    ['gitea', { 'x-gitea-event': 'push', 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=00' }],
    ['gitlab', { 'x-gitlab-event': 'Push Hook' }],
    ['gitlab', { 'x-gitlab-token': 't' }],
    ['github', { 'x-github-event': 'push' }],
    ['generic', { 'x-otternauts-signature': 'sha256=00' }],
    ['generic', {}],
  ] as const)('should take %s from %j', (provider, headers) => {
    expect(detectProvider(headers)).toBe(provider);
  });
});
