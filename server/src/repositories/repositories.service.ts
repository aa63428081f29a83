import { Injectable, Logger } from '@nestjs/common';
import type { Repository } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { ApiError, badRequest, conflict, notFound } from '../errors/api-error.js';
import { GitService } from '../git/git.service.js';
import { parseGitUrl, type GitUrl } from '../git/git-url.js';
import { sameFingerprint, scanHostKey, type ScannedHostKey } from '../ssh/host-key.js';
import { VaultService } from '../vault/vault.service.js';
import { accessProblems } from './access-rules.js';
import { composeCandidates } from './compose-files.js';
import { generateDeployKey } from './deploy-key.js';
import { refsView } from './remote-refs-view.js';
import type {
  CreateRepositoryDto,
  RepositoryCheckDto,
  RepositoryDto,
  RepositoryFilesDto,
  RepositoryScanResultDto,
  UpdateRepositoryDto,
} from './repository.dto.js';
import { gitHostScanError } from './scan-errors.js';
import { deployKeyGuides, forHost, tokenGuides } from './setup-guides.js';

const SCAN_TIMEOUT_MS = 10_000;

type WithStacks = Repository & { stacks: { id: string; name: string }[] };
const withStacks = { stacks: { select: { id: true, name: true }, orderBy: { name: 'asc' } } } as const;

/**
 * Repositories stacks deploy from. Secrets (the deploy key's private half, a token) are
 * sealed on the way in and only GitService opens them, for one git call; nothing here
 * returns, logs or puts them in an error.
 */
@Injectable()
export class RepositoriesService {
  private readonly logger = new Logger('repositories');

  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: VaultService,
    private readonly git: GitService,
  ) {}

  /** Reads a Git host's key for the user to confirm (TOFU), trusting nothing yet. */
  async scan(input: string): Promise<RepositoryScanResultDto> {
    const url = this.parse(input);
    if (url.kind !== 'ssh') {
      throw badRequest('no_host_key', 'https repositories have no host key to confirm: add them without scanning.', [
        { field: 'url', message: 'is an https URL; only SSH URLs have a host key' },
      ]);
    }
    const key = await this.scanHost(url);
    return { host: url.host, port: url.port, keyType: key.keyType, fingerprint: key.fingerprint };
  }

  async create(input: CreateRepositoryDto): Promise<RepositoryDto> {
    const url = this.parse(input.url);
    const problems = accessProblems(url.kind, input);
    if (problems.length > 0) {
      throw badRequest('invalid_access', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    await this.ensureUnique(input.name, url);
    let hostKey: ScannedHostKey | undefined;
    if (url.kind === 'ssh') hostKey = await this.presentedKey(url, input.fingerprint!);
    const pair = input.access === 'deploy_key' ? generateDeployKey(input.name) : undefined;
    try {
      const row = await this.prisma.repository.create({
        data: {
          name: input.name,
          url: url.url,
          access: input.access,
          deployKey: pair ? this.vault.seal(pair.privateKey) : null,
          deployKeyPublic: pair?.publicKey ?? null,
          token: input.token !== undefined ? this.vault.seal(input.token) : null,
          tokenUsername: input.tokenUsername ?? null,
          hostKeyFingerprint: hostKey?.fingerprint ?? null,
          hostKeyType: hostKey?.keyType ?? null,
          hostKey: hostKey?.key ?? null,
        },
        include: withStacks,
      });
      this.logger.log({ repository: row.name, access: row.access, host: url.host }, 'repository added');
      return this.view(row);
    } catch (err) {
      // two creates at once pass the checks above together; the unique index refuses the second
      if ((err as { code?: string }).code === 'P2002') await this.ensureUnique(input.name, url);
      throw err;
    }
  }

  async list(): Promise<RepositoryDto[]> {
    const rows = await this.prisma.repository.findMany({ orderBy: { name: 'asc' }, include: withStacks });
    return rows.map((r) => this.view(r));
  }

  async get(id: string): Promise<RepositoryDto> {
    return this.view(await this.findWithStacks(id));
  }

  async find(id: string): Promise<Repository> {
    const row = await this.prisma.repository.findUnique({ where: { id } });
    if (!row) throw notFound('repository', id);
    return row;
  }

  /** Replaces the token (a public https repository given one becomes access token). */
  async update(id: string, input: UpdateRepositoryDto): Promise<RepositoryDto> {
    const repo = await this.find(id);
    if (input.token === undefined && input.tokenUsername === undefined) {
      throw badRequest('nothing_to_change', 'Send token and/or tokenUsername to change.', [
        { field: 'token', message: 'or tokenUsername is required' },
      ]);
    }
    if (kindOf(repo) === 'ssh') {
      throw badRequest('invalid_access', `Repository ${repo.name} is reached over SSH with its deploy key; tokens are for https URLs.`, [
        {
          field: input.token !== undefined ? 'token' : 'tokenUsername',
          message: 'is for https URLs; an SSH repository uses its deploy key',
        },
      ]);
    }
    if (input.token === undefined && repo.access !== 'token') {
      throw badRequest('invalid_access', `Repository ${repo.name} has no token: send one with the user name.`, [
        { field: 'token', message: 'is required to give a public repository a token' },
      ]);
    }
    const row = await this.prisma.repository.update({
      where: { id },
      data: {
        ...(input.token !== undefined ? { token: this.vault.seal(input.token), access: 'token', lastError: null } : {}),
        ...(input.tokenUsername !== undefined ? { tokenUsername: input.tokenUsername } : {}),
      },
      include: withStacks,
    });
    this.logger.log({ repository: row.name, tokenReplaced: input.token !== undefined }, 'repository access changed');
    return this.view(row);
  }

  /** A new key pair: the old public key stops working once the user swaps it at the Git host. */
  async rotateDeployKey(id: string): Promise<RepositoryDto> {
    const repo = await this.find(id);
    if (repo.access !== 'deploy_key') {
      throw badRequest('invalid_access', `Repository ${repo.name} has an https URL: deploy keys work over SSH.`, [
        { field: 'access', message: `is ${repo.access}; only deploy_key repositories have a deploy key` },
      ]);
    }
    const pair = generateDeployKey(repo.name);
    const row = await this.prisma.repository.update({
      where: { id },
      data: { deployKey: this.vault.seal(pair.privateKey), deployKeyPublic: pair.publicKey, lastError: null },
      include: withStacks,
    });
    this.logger.warn({ repository: row.name }, 'deploy key replaced: add the new public key at the Git host');
    return this.view(row);
  }

  /** The user re-trusts a rebuilt Git host: only the key it presents right now is accepted. */
  async updateHostKey(id: string, fingerprint: string): Promise<RepositoryDto> {
    const repo = await this.find(id);
    const url = this.parse(repo.url);
    if (url.kind !== 'ssh') {
      throw badRequest('no_host_key', `Repository ${repo.name} has an https URL: it has no host key to confirm.`, [
        { field: 'fingerprint', message: 'https repositories have no host key to confirm' },
      ]);
    }
    const key = await this.presentedKey(url, fingerprint);
    const row = await this.prisma.repository.update({
      where: { id },
      data: { hostKeyFingerprint: key.fingerprint, hostKeyType: key.keyType, hostKey: key.key, lastError: null },
      include: withStacks,
    });
    this.logger.warn(
      { repository: row.name, previous: repo.hostKeyFingerprint, fingerprint: key.fingerprint },
      'Git host key replaced by the user',
    );
    return this.view(row);
  }

  async remove(id: string): Promise<void> {
    // checked and deleted in one transaction: a stack created in between must not lose its source
    const repo = await this.prisma.$transaction(async (tx) => {
      const row = await tx.repository.findUnique({ where: { id }, include: withStacks });
      if (!row) throw notFound('repository', id);
      if (row.stacks.length > 0) {
        const names = row.stacks.map((s) => s.name).join(', ');
        throw conflict(
          'repository_in_use',
          `Repository ${row.name} is the source of ${row.stacks.length === 1 ? 'stack' : 'stacks'} ${names}: switch ${row.stacks.length === 1 ? 'it' : 'them'} to another source or delete ${row.stacks.length === 1 ? 'it' : 'them'} first.`,
          row.stacks.map((s) => ({ field: 'stacks', message: `used by stack ${s.name}`, stackId: s.id, stackName: s.name })),
        );
      }
      await tx.repository.delete({ where: { id } });
      return row;
    });
    try {
      await this.git.removeMirror(repo);
    } catch (err) {
      // the repository is gone already; a mirror left behind is only disk space, so say it and carry on
      this.logger.warn({ repository: repo.name, err }, 'repository removed, but its mirror could not be deleted');
      return;
    }
    this.logger.log({ repository: repo.name }, 'repository removed');
  }

  /** Fetches now and lists what the remote has: the user's "did the key/token work?" button. */
  async check(id: string): Promise<RepositoryCheckDto> {
    const repo = await this.find(id);
    try {
      await this.fetch(repo);
      return { ok: true, ...refsView(await this.git.remoteRefs(repo)) };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { ok: false, error: err.message };
    }
  }

  /** The YAML files of a ref, after a fetch, for picking a stack's Compose file. */
  async files(id: string, ref: string): Promise<RepositoryFilesDto> {
    const repo = await this.find(id);
    // always fetch: the branch the user picks may have been pushed a moment ago
    await this.fetch(repo);
    const commit = await this.git.resolveRef(repo, ref);
    const entries = await this.git.listTree(repo, commit.sha, '', { recursive: true });
    const { files, truncated } = composeCandidates(entries);
    return { commit, composeFiles: files, truncated };
  }

  /** GitService.fetch records lastFetchedAt and lastError on the row itself. */
  private fetch(repo: Repository): Promise<void> {
    return this.git.fetch(repo);
  }

  private parse(input: string): GitUrl {
    const parsed = parseGitUrl(input);
    if (parsed.ok) return parsed.url;
    // parseGitUrl never quotes what stands before an @ (git-url.ts), so the message can go back as it is
    const message = parsed.message;
    throw badRequest('invalid_url', `url: ${message}`, [{ field: 'url', message }]);
  }

  private async ensureUnique(name: string, url: GitUrl): Promise<void> {
    if (await this.prisma.repository.findUnique({ where: { name }, select: { id: true } })) {
      throw conflict('repository_exists', `A repository named ${name} already exists: pick another name.`, [
        { field: 'name', message: 'is taken by another repository' },
      ]);
    }
    const same = await this.prisma.repository.findUnique({ where: { url: url.url }, select: { name: true } });
    if (same) {
      throw conflict('repository_exists', `${url.display} is already added, as repository ${same.name}: stacks can share it.`, [
        { field: 'url', message: `is already added as repository ${same.name}` },
      ]);
    }
  }

  private async scanHost(url: GitUrl): Promise<ScannedHostKey> {
    try {
      return await scanHostKey(url.host, url.port, SCAN_TIMEOUT_MS);
    } catch (err) {
      throw gitHostScanError(err, url.host, url.port);
    }
  }

  /** Scans again and insists on the fingerprint the user confirmed, exactly like a server. */
  private async presentedKey(url: GitUrl, confirmed: string): Promise<ScannedHostKey> {
    const key = await this.scanHost(url);
    if (!sameFingerprint(key.fingerprint, confirmed)) {
      throw conflict(
        'host_key_mismatch',
        `The Git host ${url.host}:${url.port} presents ${key.fingerprint}, not the fingerprint you confirmed. Scan again and compare with the fingerprints your Git host publishes before trusting it.`,
        [{ field: 'fingerprint', message: 'does not match the host key the Git host presents now' }],
      );
    }
    return key;
  }

  private view(r: WithStacks): RepositoryDto {
    const parsed = parseGitUrl(r.url);
    const host = parsed.ok ? parsed.url.host : '';
    const kind = kindOf(r);
    return {
      id: r.id,
      name: r.name,
      url: r.url,
      kind,
      host,
      access: r.access,
      deployKeyPublic: r.deployKeyPublic,
      deployKeySetup: r.access === 'deploy_key' ? forHost(deployKeyGuides(), host) : [],
      tokenSetup: kind === 'https' ? forHost(tokenGuides(), host) : [],
      hostKeyFingerprint: r.hostKeyFingerprint,
      hostKeyType: r.hostKeyType,
      hasToken: r.token !== null,
      tokenUsername: r.tokenUsername,
      lastFetchedAt: r.lastFetchedAt,
      lastError: r.lastError,
      stacks: r.stacks,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  private async findWithStacks(id: string): Promise<WithStacks> {
    const row = await this.prisma.repository.findUnique({ where: { id }, include: withStacks });
    if (!row) throw notFound('repository', id);
    return row;
  }
}

/** Stored URLs passed parseGitUrl on the way in; the scheme alone tells the kind. */
function kindOf(r: Repository): 'https' | 'ssh' {
  return /^https?:\/\//i.test(r.url) ? 'https' : 'ssh';
}
