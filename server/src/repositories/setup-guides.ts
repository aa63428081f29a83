/** Where a user makes a read-only credential for Mission Control, per Git host. */
export interface SetupGuide {
  provider: 'github' | 'gitlab' | 'gitea' | 'generic';
  title: string;
  steps: string[];
}

const TITLE = 'Otternauts Mission Control';

/** Mission Control only ever reads: every guide says to leave write access off. */
export function deployKeyGuides(): SetupGuide[] {
  return [
    {
      provider: 'github',
      title: 'GitHub',
      steps: [
        'Open the repository on GitHub: Settings → Deploy keys → Add deploy key.',
        `Title: ${TITLE}. Key: paste the public key shown here.`,
        'Leave “Allow write access” off: Mission Control only reads.',
        'Press Add key, then Check here.',
      ],
    },
    {
      provider: 'gitlab',
      title: 'GitLab',
      steps: [
        'Open the project on GitLab: Settings → Repository → Deploy keys → Add new key.',
        `Title: ${TITLE}. Key: paste the public key shown here.`,
        'Leave “Grant write permissions to this key” off: Mission Control only reads.',
        'Press Add key, then Check here.',
      ],
    },
    {
      provider: 'gitea',
      title: 'Gitea / Forgejo',
      steps: [
        'Open the repository: Settings → Deploy Keys → Add Deploy Key.',
        `Title: ${TITLE}. Content: paste the public key shown here.`,
        'Leave “Enable Write Access” unchecked, so the key is read-only.',
        'Press Add Deploy Key, then Check here.',
      ],
    },
    {
      provider: 'generic',
      title: 'Your own Git server',
      steps: [
        'On the Git server, add the public key shown here as one line to the git user’s ~/.ssh/authorized_keys.',
        'Put restrict and a space before the key on that line (restrict ssh-ed25519 AAAA… otternauts …) so the key opens no terminal and no tunnels.',
        'Give the git user git-shell as its login shell (as root: usermod -s "$(command -v git-shell)" git) so the key can run git and nothing else.',
        'Check here.',
      ],
    },
  ];
}

export function tokenGuides(): SetupGuide[] {
  return [
    {
      provider: 'github',
      title: 'GitHub',
      steps: [
        'Settings (your profile) → Developer settings → Personal access tokens → Fine-grained tokens → Generate new token.',
        'Repository access: Only select repositories → this one. Permissions: Contents → Read-only (Metadata read-only comes with it).',
        'Paste the token here. The user name can stay empty.',
      ],
    },
    {
      provider: 'gitlab',
      title: 'GitLab',
      steps: [
        'Project → Settings → Access tokens → Add new token (or a personal access token under your profile).',
        'Scope: read_repository only; the Reporter role is enough for a project token.',
        'Paste the token here with the user name oauth2.',
      ],
    },
    {
      provider: 'gitea',
      title: 'Gitea / Forgejo',
      steps: [
        'Settings (your profile) → Applications → Generate New Token.',
        'Permissions: repository → Read (read:repository), nothing else.',
        'Paste the token here with the user name of the account that made it.',
      ],
    },
    {
      provider: 'generic',
      title: 'Another Git host',
      steps: [
        'Make a read-only access token (or a password) for HTTPS at your Git host.',
        'Paste it here with the user name the host expects: Mission Control sends both with HTTP Basic authentication, only to this repository’s URL.',
      ],
    },
  ];
}

/** The guide for the host the URL names first (github.com → GitHub), the others after it. */
export function forHost(guides: SetupGuide[], host: string): SetupGuide[] {
  const h = host.toLowerCase();
  const match = (g: SetupGuide) =>
    g.provider === 'github'
      ? h === 'github.com' || h.endsWith('.github.com')
      : g.provider === 'gitlab'
        ? h.includes('gitlab')
        : g.provider === 'gitea'
          ? h.includes('gitea') || h.includes('forgejo') || h === 'codeberg.org'
          : false;
  return [...guides.filter(match), ...guides.filter((g) => !match(g))];
}
