import { describe, expect, it } from '@jest/globals';
import type { PrismaService } from '../database/prisma.service.js';
import { ApiError } from '../errors/api-error.js';
import type { Repository } from '../generated/prisma/client.js';
import { GitService, type CommitInfo, type TreeEntry } from '../git/git.service.js';
import { validateStack } from '../compose/validate-stack.js';
import type { StackValidation } from './stack-validation.js';
import type { BuildTarget } from '../compose/types.js';
import { StackSource } from './stack-source.js';

const SHA = '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a';
const repo = { id: 'r1', name: 'shop', url: 'https://git.example/shop.git' } as Repository;

/** A commit in memory: paths to text; calls recorded. Logic only: the real GitService has its own specs. */
class FakeGit extends GitService {
  calls: string[] = [];
  constructor(private readonly files: Record<string, string>) {
    super();
  }
  async fetch() {
    this.calls.push('fetch');
  }
  async remoteRefs() {
    return { head: null, refs: new Map() };
  }
  async resolveRef(_r: Repository, ref: string): Promise<CommitInfo> {
    this.calls.push(`resolve ${ref}`);
    if (ref !== 'main' && ref !== SHA) throw new ApiError(400, 'ref_not_found', `${repo.url} has no branch, tag or commit named ${ref}`);
    return { sha: SHA, subject: 'nginx: cache', author: 'Ada', time: new Date('2026-12-01T12:00:00Z') };
  }
  async hasCommit(_r: Repository, sha: string) {
    return sha === SHA;
  }
  async archive(): Promise<Buffer> {
    throw new Error('not used by these specs');
  }
  async readFile(_r: Repository, _sha: string, path: string) {
    if (path === 'deploy/escape.conf')
      throw new ApiError(400, 'path_escapes_repository', `${path} is a link that points out of the repository`);
    return path in this.files ? Buffer.from(this.files[path]) : null;
  }
  async listTree(_r: Repository, _sha: string, dir: string): Promise<TreeEntry[]> {
    const prefix = dir === '' ? '' : `${dir}/`;
    const entries = new Map<string, TreeEntry>();
    for (const path of Object.keys(this.files).filter((p) => p.startsWith(prefix))) {
      const [first, ...rest] = path.slice(prefix.length).split('/');
      entries.set(prefix + first, { path: prefix + first, type: rest.length ? 'dir' : 'file' });
    }
    return [...entries.values()];
  }
  async changedPaths() {
    return [];
  }
  async removeMirror() {}
}

const validation = {
  validate: async (
    name: string | undefined,
    configuration: string,
    _except?: string,
    opts: { files?: 'none' | 'repository'; builds?: BuildTarget } = {},
  ) =>
    validateStack(name ?? 'stack', configuration, {
      secretNames: new Set(),
      domainsInUse: new Map(),
      files: opts.files,
      builds: opts.builds,
    }),
} as unknown as StackValidation;
const prisma = {
  repository: { findUnique: async ({ where }: { where: { id: string } }) => (where.id === 'r1' ? repo : null) },
  registryCredential: {
    findUnique: async ({ where }: { where: { id: string } }) => (where.id === 'reg1' ? { registryUrl: '10.77.0.11:5000' } : null),
  },
};
const sourceWith = (files: Record<string, string>) => {
  const git = new FakeGit(files);
  return { git, source: new StackSource(prisma as unknown as PrismaService, git, validation) };
};

const COMPOSE = `services:
  web:
    image: nginx:1.27
    configs:
      - source: site
        target: /etc/nginx/conf.d/default.conf
configs:
  site:
    file: ./nginx.conf
`;

describe(StackSource.name, () => {
  it("should read a folder's compose.yaml before its docker-compose.yml, with the files beside it named by content", async () => {
    const { source, git } = sourceWith({
      'deploy/docker-compose.yml': 'services: {}\n',
      'deploy/compose.yaml': COMPOSE,
      'deploy/nginx.conf': 'server {}\n',
    });
    const read = await source.read({ repositoryId: 'r1', ref: 'main', path: 'deploy/' }, { stackName: 'shop' });
    expect(git.calls).toEqual(['fetch', 'resolve main']);
    expect(read).toMatchObject({ composePath: 'deploy/compose.yaml', files: ['deploy/nginx.conf'], valid: true, errors: [] });
    expect(read.commit.sha).toBe(SHA);
    expect(read.configuration).toBe(COMPOSE);
    expect(read.rendered).toMatch(/name: shop_site_[0-9a-f]{10}\n/);
    expect(read.rendered).toContain('file: ./nginx.conf');
  });

  it('should name the file and the commit in every error, with the line of a missing or escaping file', async () => {
    const { source } = sourceWith({
      'deploy/compose.yaml': COMPOSE.replace('./nginx.conf', './missing.conf') + '  other:\n    file: ./escape.conf\n',
    });
    const read = await source.read({ repositoryId: 'r1', ref: 'main', path: 'deploy/compose.yaml' }, { stackName: 'shop' });
    expect(read.valid).toBe(false);
    expect(read.rendered).toBeNull();
    expect(read.errors.map((e) => [e.file, e.commit, e.line, e.column, e.path])).toEqual([
      ['deploy/compose.yaml', '4f2a9c1', 9, 11, 'configs.site.file'],
      ['deploy/compose.yaml', '4f2a9c1', 11, 11, 'configs.other.file'],
    ]);
    await expect(source.require({ repositoryId: 'r1', ref: 'main', path: 'deploy/compose.yaml' }, { stackName: 'shop' })).rejects.toThrow(
      /^Configuration error: deploy\/compose\.yaml at 4f2a9c1, line 9, column 11: The config site reads \.\/missing\.conf.*; deploy\/compose\.yaml at 4f2a9c1, line 11, column 11: deploy\/escape\.conf is a link that points out of the repository$/,
    );
  });

  it('should say what a folder lacks, and which path the commit does not have', async () => {
    const { source } = sourceWith({ 'deploy/stack.yml': COMPOSE });
    await expect(source.read({ repositoryId: 'r1', ref: 'main', path: 'deploy' })).rejects.toThrow(
      'deploy/ of https://git.example/shop.git at 4f2a9c1 has none of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml',
    );
    await expect(source.read({ repositoryId: 'r1', ref: 'main', path: 'ops/compose.yaml' })).rejects.toThrow(
      'https://git.example/shop.git at 4f2a9c1 has no file or folder ops/compose.yaml',
    );
    await expect(source.read({ repositoryId: 'r1', ref: 'dev', path: 'deploy' })).rejects.toThrow('no branch, tag or commit named dev');
    await expect(source.read({ repositoryId: 'nope', ref: 'main', path: '' })).rejects.toThrow('No repository with id nope');
  });

  it('should plan the builds of a stack with a registry for builds, contexts from the Compose file folder, and render their tags', async () => {
    const compose = 'services:\n  web:\n    build:\n      context: ../app\n      args: [MODE=prod]\n';
    const { source } = sourceWith({ 'deploy/compose.yaml': compose, 'app/Dockerfile': 'FROM busybox\n' });
    const read = await source.read(
      { repositoryId: 'r1', ref: 'main', path: 'deploy' },
      { stackName: 'shop-pr-3', buildRegistryId: 'reg1', imageStack: 'shop' },
    );
    expect(read.errors).toEqual([]);
    expect(read.builds).toEqual([
      {
        service: 'web',
        image: `10.77.0.11:5000/shop/web:${SHA}`,
        spec: { context: 'app', dockerfile: 'Dockerfile', args: { MODE: 'prod' }, target: null },
      },
    ]);
    expect(read.rendered).toBe(`services:\n  web:\n    image: 10.77.0.11:5000/shop/web:${SHA}\n`);
    expect(read.configuration).toBe(compose);

    const without = await source.read({ repositoryId: 'r1', ref: 'main', path: 'deploy' }, { stackName: 'shop' });
    expect(without.builds).toEqual([]);
    expect(without.errors.map((e) => [e.line, e.path, e.file])).toEqual([[3, 'services.web.build', 'deploy/compose.yaml']]);
    expect(without.errors[0].message).toMatch(/names no registry for builds: choose one in the stack's source settings/);
  });

  it('should say at the build line that the commit has no such Dockerfile, or that it leaves the repository', async () => {
    const compose =
      'services:\n  web:\n    image: x\n    build:\n      context: .\n      dockerfile: Dockerfile.prod\n  esc:\n    build:\n      dockerfile: escape.conf\n';
    const { source } = sourceWith({ 'deploy/compose.yaml': compose, 'deploy/Dockerfile': 'FROM busybox\n' });
    const read = await source.read({ repositoryId: 'r1', ref: 'main', path: 'deploy' }, { stackName: 'shop', buildRegistryId: 'reg1' });
    expect(read.valid).toBe(false);
    expect(read.builds).toEqual([]);
    expect(read.errors.map((e) => [e.line, e.column, e.path, e.message])).toEqual([
      [
        4,
        5,
        'services.web.build',
        'Service web is built from deploy/Dockerfile.prod, and the repository has no such file at this commit: add the Dockerfile or correct `context` and `dockerfile`.',
      ],
      [8, 5, 'services.esc.build', 'Service esc: deploy/escape.conf is a link that points out of the repository'],
    ]);
  });

  it('should refuse an unknown registry for builds naming the field, before fetching anything', async () => {
    const { source, git } = sourceWith({ 'compose.yaml': 'services:\n  web:\n    build: .\n' });
    const refused = source.read({ repositoryId: 'r1', ref: 'main', path: '' }, { stackName: 'shop', buildRegistryId: 'gone' });
    await expect(refused).rejects.toThrow('No registry with id gone: add it under Registries first');
    await expect(refused).rejects.toMatchObject({ details: [{ field: 'source.buildRegistryId', message: 'is not a stored registry' }] });
    expect(git.calls).toEqual([]);
  });

  it('should not fetch for a commit the mirror already has, and fetch for one it lacks', async () => {
    const { source, git } = sourceWith({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
    await source.read({ repositoryId: 'r1', ref: 'main', path: '' }, { sha: SHA });
    expect(git.calls).toEqual([`resolve ${SHA}`]);
    git.calls = [];
    await expect(source.read({ repositoryId: 'r1', ref: 'main', path: '' }, { sha: 'f'.repeat(40) })).rejects.toThrow('no branch, tag');
    expect(git.calls).toEqual(['fetch', `resolve ${'f'.repeat(40)}`]);
  });

  it('should refuse a Compose file that is not UTF-8 text, naming it and the commit', async () => {
    const { source } = sourceWith({ 'compose.yaml': 'replaced below' });
    (source as unknown as { git: FakeGit }).git.readFile = async () => Buffer.from([0xff, 0xfe, 0x00]);
    await expect(source.read({ repositoryId: 'r1', ref: 'main', path: 'compose.yaml' })).rejects.toThrow(
      'Configuration error: compose.yaml at 4f2a9c1: the file is not UTF-8 text.',
    );
  });
});
