import { shortSha } from '../deliveries/git-refs.js';

// Every sentence a pull/merge request delivery can end with; like deliveries/reasons.ts they
// are the webhook's answer too, so the Git host's delivery log shows them.

const request = (n: number) => `request #${n}`;

export const previewReasons = {
  otherAction: (n: number, action: string) =>
    `ignored: ${request(n)} ${action || 'changed'}; previews follow opened, pushed, reopened, closed and merged requests only`,
  ofPreview: 'ignored: this stack is itself a preview; requests deploy previews of the stack they were sent to',
  notGit: 'ignored: previews deploy stacks from a repository; this stack is a pasted file',
  previewsOff: (n: number) => `ignored: previews are off for this stack (${request(n)}); turn them on in its Previews settings`,
  fork: (n: number, repository: string | null) =>
    `ignored: ${request(n)} comes from a fork${repository ? ` (${repository})` : ''}; previews of forks are off for this stack because their code would run with its secrets`,
  capReached: (n: number, limit: number) =>
    `ignored: ${request(n)} gets no preview: ${limit} ${limit === 1 ? 'preview is' : 'previews are'} live, the most this stack allows; close one or raise the limit`,
  closedWithoutPreview: (n: number, merged: boolean) =>
    `ignored: ${request(n)} ${merged ? 'merged' : 'closed'}; it has no preview to tear down`,
  gone: (n: number) => `ignored: the preview of ${request(n)} was torn down before this event deployed`,
  alreadyDeployed: (name: string, sha: string) => `ignored: ${name} already runs ${shortSha(sha)}`,
  queuedDeploy: (name: string, sha: string) => `queued: deploying ${shortSha(sha)} as ${name}`,
  queuedTeardown: (name: string, why: string) => `queued: tearing down ${name} (${why})`,
  deploying: (name: string, sha: string, version: number) => `deploying ${shortSha(sha)} as ${name} version ${version}`,
  deployed: (name: string, version: number) => `deployed ${name} as version ${version}`,
  removed: (name: string, why: string) => `removed: ${name} torn down (${why})`,
  superseded: (n: number) => `superseded by a newer event of ${request(n)}`,
  nameTaken: (name: string) => `failed: a stack named ${name} already exists and is not this request's preview; rename or remove it`,
  badName: (problem: string) => `failed: the preview's name cannot be a stack name: ${problem}`,
  headMissing: (sha: string, ref: string) =>
    `failed: commit ${shortSha(sha)} is not at ${ref} any more (pushed over?); the next push deploys`,
  failed: (message: string) => `failed: ${message}`,
  unreachable: (message: string) => `repository unreachable: ${message}`,
  why: {
    closed: (n: number) => `${request(n)} closed`,
    merged: (n: number) => `${request(n)} merged`,
    expired: (days: string) => `no push for ${days}`,
    byHand: 'torn down by hand',
  },
};

/** A time to live in words: 7 days, 2 hours, 90 seconds. */
export function spanInWords(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${name}${seconds / size === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
