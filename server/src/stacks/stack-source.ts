import { Injectable } from '@nestjs/common';
import type { Repository } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { ApiError, badRequest } from '../errors/api-error.js';
import { GitService, type CommitInfo } from '../git/git.service.js';
import { nameFilesByContent } from '../compose/content-names.js';
import { previewCompose, type PreviewValues } from '../compose/preview-compose.js';
import type { PlannedBuild } from '../builds/build-plan.js';
import type { ComposeIssue, ValidationResult } from '../compose/types.js';
import { readBesideFiles } from './beside-files.js';
import { buildPlaces } from '../compose/build-rules.js';
import { folderOf, normaliseSourcePath, pickComposeFile, shortSha, shownFolder, COMPOSE_FILE_NAMES } from './compose-path.js';
import { StackValidation } from './stack-validation.js';

/** The Compose file a pasted stack holds is at most this long; one from a repository too. */
const MAX_COMPOSE_FILE = 512 * 1024;

export interface SourceSpec {
  repositoryId: string;
  ref: string;
  path: string;
}

/** Issues of a file from a repository say which file and which commit they are about. */
export type SourcedIssue = ComposeIssue & { file: string; commit: string };

export interface SourceRead {
  repository: Repository;
  commit: CommitInfo;
  /** the Compose file's repository path (a folder's path resolved to its file) */
  composePath: string;
  /** the Compose file's text at the commit */
  configuration: string;
  /** repository paths of the files sent beside it */
  files: string[];
  valid: boolean;
  errors: SourcedIssue[];
  warnings: SourcedIssue[];
  /** as deployments store it: Traefik labels, configs and secrets named by content; null unless valid under a stack name */
  rendered: string | null;
  result: ValidationResult;
  /** the images to build from the commit (services with `build:`); empty unless valid */
  builds: PlannedBuild[];
}

export interface ReadOptions {
  /** without one only the file is checked (as for a pasted file) */
  stackName?: string;
  exceptStackId?: string;
  /** a commit already known (a push): fetched only when the mirror does not have it */
  sha?: string;
  /** the stored registry that images built from the repository are pushed to; none: `build:` is an error */
  buildRegistryId?: string | null;
  /** the stack name built images are named with (default: stackName); a preview's is its parent's */
  imageStack?: string;
  /** a preview: its request, applied to the file (previewCompose) before it is checked; the commit fills {sha} */
  preview?: Omit<PreviewValues, 'sha'>;
}

/**
 * A stack's Compose file from a repository: fetch, the ref to a commit, the file (or a folder's
 * compose.yaml), the files beside it at that same commit, then the same validation and
 * rendering as a pasted file. Every message names the file and the commit.
 */
@Injectable()
export class StackSource {
  constructor(
    private readonly prisma: PrismaService,
    private readonly git: GitService,
    private readonly validation: StackValidation,
  ) {}

  async repository(id: string): Promise<Repository> {
    const repository = await this.prisma.repository.findUnique({ where: { id } });
    if (!repository)
      throw badRequest('repository_not_found', `No repository with id ${id}: add it under Repositories first.`, [
        { field: 'source.repositoryId', message: 'is not a known repository' },
      ]);
    return repository;
  }

  async read(spec: SourceSpec, opts: ReadOptions = {}): Promise<SourceRead> {
    const path = normaliseSourcePath(spec.path);
    if (!path.ok) throw badRequest('invalid_source', path.message, [{ field: 'source.path', message: path.message }]);
    const repository = await this.repository(spec.repositoryId);
    const registry = await this.buildRegistryUrl(opts.buildRegistryId ?? null);
    if (opts.sha === undefined || !(await this.git.hasCommit(repository, opts.sha))) await this.git.fetch(repository);
    const commit = await this.git.resolveRef(repository, opts.sha ?? spec.ref);
    const composePath = await this.composeFile(repository, commit.sha, path.path);
    const written = await this.composeText(repository, commit.sha, composePath);
    // a preview is checked, rendered and stored as it runs: its own domains and replicas
    const configuration = opts.preview ? previewCompose(written, { ...opts.preview, sha: commit.sha }) : written;

    const result = await this.validation.validate(opts.stackName, configuration, opts.exceptStackId, {
      files: 'repository',
      builds: { registry, composeFile: composePath, commit: commit.sha, imageStack: opts.imageStack ?? opts.stackName ?? 'stack' },
    });
    const beside = await readBesideFiles(configuration, composePath, (p) => this.git.readFile(repository, commit.sha, p));
    const dockerfiles = await this.missingDockerfiles(repository, commit.sha, configuration, result.builds);
    const errors = [...result.errors, ...beside.issues, ...dockerfiles].sort((a, b) => a.line - b.line || a.column - b.column);
    const valid = errors.length === 0;
    const rendered =
      valid && result.rendered !== null && opts.stackName ? nameFilesByContent(result.rendered, opts.stackName, beside.contents) : null;
    const where = { file: composePath, commit: shortSha(commit.sha) };
    return {
      repository,
      commit,
      composePath,
      configuration,
      files: beside.files,
      valid,
      errors: errors.map((e) => ({ ...e, ...where })),
      warnings: result.warnings.map((w) => ({ ...w, ...where })),
      rendered,
      result,
      builds: valid ? result.builds : [],
    };
  }

  /** A Dockerfile the commit does not have is said at the `build` line now, not by the builder later. */
  private async missingDockerfiles(
    repository: Repository,
    sha: string,
    configuration: string,
    builds: PlannedBuild[],
  ): Promise<ComposeIssue[]> {
    if (builds.length === 0) return [];
    const places = buildPlaces(configuration);
    const issues: ComposeIssue[] = [];
    for (const b of builds) {
      const path = b.spec.context === '' ? b.spec.dockerfile : `${b.spec.context}/${b.spec.dockerfile}`;
      const at = places.get(b.service) ?? { line: 1, column: 1, path: `services.${b.service}.build` };
      try {
        if ((await this.git.readFile(repository, sha, path)) !== null) continue;
        issues.push({
          message: `Service ${b.service} is built from ${path}, and the repository has no such file at this commit: add the Dockerfile or correct \`context\` and \`dockerfile\`.`,
          ...at,
        });
      } catch (err) {
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
        // a link out of the repository, a folder: the reader's message says which
        issues.push({ message: `Service ${b.service}: ${err.message}`, ...at });
      }
    }
    return issues;
  }

  /** The URL of the registry a stack builds to; a 400 naming the field when there is no such credential. */
  async buildRegistryUrl(id: string | null): Promise<string | null> {
    if (id === null) return null;
    const registry = await this.prisma.registryCredential.findUnique({ where: { id }, select: { registryUrl: true } });
    if (!registry)
      throw badRequest(
        'registry_not_found',
        `No registry with id ${id}: add it under Registries first, or choose another registry for builds.`,
        [{ field: 'source.buildRegistryId', message: 'is not a stored registry' }],
      );
    return registry.registryUrl;
  }

  /** read(), then a 400 listing every error as "<file> at <commit>, line L, column C: ..." when the file is not valid. */
  async require(spec: SourceSpec, opts: ReadOptions & { stackName: string }): Promise<SourceRead & { rendered: string }> {
    const read = await this.read(spec, opts);
    if (!read.valid || read.rendered === null) {
      const at = `${read.composePath} at ${shortSha(read.commit.sha)}`;
      throw badRequest(
        'invalid_configuration',
        `Configuration error: ${read.errors.map((e) => `${at}, line ${e.line}, column ${e.column}: ${e.message}`).join('; ')}`,
        read.errors.map((e) => ({
          field: e.path || 'configuration',
          message: e.message,
          line: e.line,
          column: e.column,
          file: e.file,
          commit: e.commit,
        })),
      );
    }
    return read as SourceRead & { rendered: string };
  }

  /** A file path as given, or a folder's Compose file. */
  private async composeFile(repository: Repository, sha: string, path: string): Promise<string> {
    const at = `${repository.url} at ${shortSha(sha)}`;
    let isFolder = path === '';
    if (!isFolder) {
      const entry = (await this.git.listTree(repository, sha, folderOf(path))).find((e) => e.path === path);
      if (!entry)
        throw badRequest('compose_file_not_found', `${at} has no file or folder ${path}: check the path and the ref.`, [
          { field: 'source.path', message: `not in the repository at ${shortSha(sha)}` },
        ]);
      if (entry.type === 'submodule')
        throw badRequest('compose_file_not_found', `${path} in ${at} is a submodule; Otternauts does not read submodules.`, [
          { field: 'source.path', message: 'is a submodule' },
        ]);
      isFolder = entry.type === 'dir';
    }
    if (!isFolder) return path;
    const found = pickComposeFile(path, await this.git.listTree(repository, sha, path));
    if (found) return found;
    const names = COMPOSE_FILE_NAMES.join(', ');
    throw badRequest(
      'compose_file_not_found',
      `${shownFolder(path) || 'The root'} of ${at} has none of ${names}: give the Compose file's path instead of the folder.`,
      [{ field: 'source.path', message: `has none of ${names}` }],
    );
  }

  private async composeText(repository: Repository, sha: string, composePath: string): Promise<string> {
    const at = `${composePath} at ${shortSha(sha)}`;
    const invalid = (message: string) =>
      badRequest('invalid_configuration', `Configuration error: ${at}: ${message}`, [{ field: 'source.path', message, file: composePath }]);
    let content: Buffer | null;
    try {
      content = await this.git.readFile(repository, sha, composePath);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) throw invalid(err.message);
      throw err;
    }
    if (content === null) throw invalid('the file is not there (a link to nothing?)');
    if (content.length > MAX_COMPOSE_FILE) throw invalid(`the file is larger than ${MAX_COMPOSE_FILE / 1024} KiB.`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw invalid('the file is not UTF-8 text.');
    }
  }
}
