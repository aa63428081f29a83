import path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Repository } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { badRequest } from '../errors/api-error.js';
import { VaultService } from '../vault/vault.service.js';
import { GitCredentials, type GitAccess } from './git-credentials.js';
import { remoteFailure, scrubbed } from './git-errors.js';
import { GitRunner } from './git-runner.js';
import { GitService } from './git.service.js';
import { parseGitUrl } from './git-url.js';

/** The refs Git hosts keep a request's head under in the base repository; nothing else is fetched one by one. */
const REQUEST_REF = /^refs\/(pull|merge-requests)\/[1-9][0-9]{0,9}\/head$/;

/**
 * Fetches one pull/merge request head into a repository's mirror (GitService fetches branches
 * and tags only). The head of a request from a fork is in the base repository only under the
 * provider's request ref, so previews fetch that. Separate from MirrorGit: same mirror folder,
 * runner and credentials, one extra refspec. The mirror's own fetch prunes only heads and tags,
 * so the fetched ref (and its commit) stays until the next request fetch moves it.
 */
@Injectable()
export class RefFetch {
  private readonly root: string;
  private readonly runner: GitRunner;
  private readonly credentials: GitCredentials;

  constructor(
    private readonly config: AppConfig,
    private readonly git: GitService,
    vault: VaultService,
  ) {
    this.root = path.join(config.dataDir, 'git');
    this.runner = new GitRunner(path.join(this.root, 'home'));
    this.credentials = new GitCredentials(vault, this.root);
  }

  async fetchRequestRef(repo: Repository, ref: string): Promise<void> {
    if (!REQUEST_REF.test(ref))
      throw badRequest(
        'ref_invalid',
        `${JSON.stringify(ref)} is not a pull or merge request head (refs/pull/N/head, refs/merge-requests/N/head).`,
      );
    // a first fetch makes the mirror (and git's home folder); later ones keep branches fresh
    await this.git.fetch(repo);
    const parsed = parseGitUrl(repo.url);
    if (!parsed.ok) throw badRequest('repository_url_invalid', `The repository URL is not usable: ${parsed.message}`);
    const url = parsed.url;
    let access: GitAccess | undefined;
    try {
      access = await this.credentials.prepare(repo, url);
      const out = await this.runner.run({
        gitDir: path.join(this.root, `${repo.id}.git`),
        args: [
          ...access.config,
          'fetch',
          '--quiet',
          '--no-write-fetch-head',
          '--no-recurse-submodules',
          '--no-tags',
          '--end-of-options',
          url.url,
          `+${ref}:${ref}`,
        ],
        env: access.env,
        allowHttp: url.url.startsWith('http://'),
        timeoutMs: this.config.gitFetchTimeoutSeconds * 1000,
        timeoutSetting: 'OTTERNAUTS_GIT_FETCH_TIMEOUT',
        what: `Fetching ${ref} of ${url.display}`,
      });
      if (out.code !== 0)
        throw remoteFailure(out.stderr, {
          what: `Fetching ${ref} of ${url.display}`,
          display: url.display,
          secrets: access.secrets,
          confirmedFingerprint: repo.hostKeyFingerprint,
          access: repo.access,
        });
    } catch (err) {
      throw scrubbed(err, access?.secrets ?? []);
    } finally {
      await access?.cleanup();
    }
  }
}
