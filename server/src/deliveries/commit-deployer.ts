/**
 * What deliveries need from stacks (GitDeploys in stacks/git-deploys.ts provides it):
 * deploying one commit of a git stack, and the paths whose change should redeploy it.
 */
export abstract class CommitDeployer {
  /** Throws ApiError 409 'deployment_in_progress' while one runs, 400 naming file and line for an invalid file. */
  abstract deployCommit(
    stackId: string,
    opts: { sha: string; ref: string; trigger: 'push' | 'poll' },
  ): Promise<{ deploymentId: string; version: number }>;
  /** The Compose file's folder (`dir/`, or '' for the root) and every file the last deployment sent beside it. */
  abstract watchedPaths(stackId: string): Promise<string[]>;
}
