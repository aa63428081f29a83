import type { WebhookSetupDto } from './delivery.dto.js';

const SECRET = "Secret: the secret Mission Control showed when it made this webhook (it is shown once; 'Rotate secret' makes another).";

/** What to click at each Git host, with this stack's URL filled in. */
export function webhookSetup(url: string | null, branch: string | null): WebhookSetupDto[] {
  const target = url ?? '(make the webhook first: its URL appears here)';
  const pushes = branch ? `the branch ${branch}` : 'the branch this stack follows';
  return [
    {
      provider: 'github',
      title: 'GitHub',
      steps: [
        'In the repository on GitHub: Settings → Webhooks → Add webhook.',
        `Payload URL: ${target}`,
        'Content type: application/json (Mission Control refuses application/x-www-form-urlencoded).',
        SECRET,
        'Which events would you like to trigger this webhook? "Let me select individual events": Pushes, and Pull requests for previews (leave Pull requests out if the stack has none).',
        "Add webhook: GitHub sends a ping; its Recent Deliveries tab shows Mission Control's answer to every delivery.",
      ],
    },
    {
      provider: 'gitlab',
      title: 'GitLab',
      steps: [
        'In the project on GitLab: Settings → Webhooks → Add new webhook.',
        `URL: ${target}`,
        `Secret token: the secret Mission Control showed when it made this webhook (it is shown once; 'Rotate secret' makes another).`,
        `Trigger: Push events (all branches, or ${pushes}), Tag push events, and Merge request events for previews.`,
        "Add webhook; Test → Push events sends one now, and Edit → Recent events shows Mission Control's answers.",
      ],
    },
    ...(['gitea', 'forgejo'] as const).map((provider) => {
      const title = provider === 'gitea' ? 'Gitea' : 'Forgejo';
      return {
        provider,
        title,
        steps: [
          `In the repository: Settings → Webhooks → Add webhook → ${title}.`,
          `Target URL: ${target}`,
          'HTTP method: POST. POST content type: application/json.',
          SECRET,
          'Trigger on: Custom events → Push, and for previews Pull Request and Pull Request Synchronized.',
          "Add webhook; Test delivery sends one now, and the webhook's Recent deliveries show Mission Control's answers.",
        ],
      };
    }),
    {
      provider: 'generic',
      title: 'Any other sender (a CI job, a script)',
      steps: [
        `POST ${target} with content-type: application/json and the body {"ref": "refs/heads/main", "after": "<the full commit id>"} (a tag: "refs/tags/v1.2").`,
        'Sign the exact bytes of the body: X-Otternauts-Signature: sha256=<hex HMAC-SHA256 of the body, keyed with the secret>.',
        'Optional: X-Otternauts-Delivery: <an id unique to this event>; a repeat of an id deploys nothing.',
        'Keep the secret in a protected variable of the CI job (here OTTERNAUTS_WEBHOOK_SECRET), never in the script.',
        `body='{"ref":"refs/heads/main","after":"'"$(git rev-parse HEAD)"'"}'; ` +
          `sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$OTTERNAUTS_WEBHOOK_SECRET" | sed 's/^.* //'); ` +
          `curl -sS -X POST -H 'content-type: application/json' -H "x-otternauts-signature: sha256=$sig" --data-binary "$body" '${target}'`,
      ],
    },
  ];
}
