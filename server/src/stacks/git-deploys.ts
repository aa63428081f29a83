import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest } from '../errors/api-error.js';
import { folderOf, shownFolder } from './compose-path.js';
import { parseFiles } from '../deployments/deployment-files.js';
import { StackDeployer } from './stack-deployer.js';

/**
 * What deliveries (webhooks and polling) use to deploy a git stack: a known commit, and the
 * paths whose change should redeploy it.
 */
@Injectable()
export class GitDeploys {
  constructor(
    private readonly prisma: PrismaService,
    private readonly deployer: StackDeployer,
  ) {}

  /**
   * Deploys the stack's Compose file at `sha` (fetched if the mirror does not have it), recorded
   * as coming from `ref`. A deployment of the stack still queued or running: 409
   * 'deployment_in_progress', so the caller waits and retries; an invalid file at that commit: 400
   * whose message names the file, commit, line and column.
   */
  async deployCommit(
    stackId: string,
    opts: { sha: string; ref: string; trigger: 'push' | 'poll' },
  ): Promise<{ deploymentId: string; version: number }> {
    const stack = await this.deployer.find(stackId);
    const plan = await this.deployer.gitPlan(stack, { sha: opts.sha, ref: opts.ref }, opts.trigger);
    const deployment = await this.deployer.start(stack, plan, 'conflict');
    return { deploymentId: deployment.id, version: deployment.version };
  }

  /**
   * Repository paths whose change should redeploy the stack: the Compose file's folder (`dir/`,
   * or '' for the root, meaning every path), and every file the last deployment sent beside it
   * (they may live outside that folder, like ../shared/nginx.conf).
   */
  async watchedPaths(stackId: string): Promise<string[]> {
    const stack = await this.deployer.find(stackId);
    if (!stack.repositoryId || stack.composePath === null)
      throw badRequest('not_a_git_stack', `${stack.name} is a pasted stack: it has no repository paths to watch.`);
    const last = await this.prisma.deployment.findFirst({
      where: { stackId, commitSha: { not: null } },
      orderBy: { version: 'desc' },
    });
    // a path given as a folder is watched as that folder; a file, as the folder it is in
    const folder = /\.ya?ml$/i.test(stack.composePath) ? folderOf(stack.composePath) : stack.composePath;
    return [...new Set([shownFolder(folder), ...(last ? parseFiles(last.files) : [])])];
  }
}
