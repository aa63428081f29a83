// What the builds suite checks from outside Mission Control: the test registry's own HTTP API
// (HTTPS with the test CA and basic auth, from the host, as any registry client would), the
// builds of a deployment and their logs through Mission Control's API, and what a build
// server keeps afterwards (build cache, tags, and anything a build could leave lying around).
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeExec } from '../testbed/testbed.js';
import { waitFor } from './mission-control.js';

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

// ---------------------------------------------------------------- the registry's HTTP API

export interface RegistryAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

// Every manifest kind a push can produce: Docker's schema 2 (the docker driver's pushes) and
// OCI's, single or multi-platform; the registry then answers with the digest of what is stored.
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** The test bed's registry over HTTPS, trusting only the test CA; with or without its credentials. */
export class TestRegistry {
  constructor(
    readonly host: string,
    private readonly ca: Buffer,
    private readonly credentials: { user: string; password: string } | null,
  ) {}

  static of(registry: { host: string; ca: string }, credentials: { user: string; password: string }): TestRegistry {
    return new TestRegistry(registry.host, fs.readFileSync(registry.ca), credentials);
  }

  /** The same registry asked without credentials: a private one answers 401. */
  anonymous(): TestRegistry {
    return new TestRegistry(this.host, this.ca, null);
  }

  request(method: 'GET' | 'HEAD', route: string, headers: Record<string, string> = {}): Promise<RegistryAnswer> {
    const [hostname, port] = this.host.split(':');
    const auth = this.credentials
      ? { authorization: `Basic ${Buffer.from(`${this.credentials.user}:${this.credentials.password}`).toString('base64')}` }
      : {};
    return new Promise((resolve, reject) => {
      const req = https.request(
        { method, hostname, port: Number(port ?? 443), path: route, ca: this.ca, headers: { ...headers, ...auth }, timeout: 15_000 },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} https://${this.host}${route}: no answer in 15 s`)));
      req.on('error', reject);
      req.end();
    });
  }

  /** GET /v2/<repository>/tags/list: the tags, sorted; throws with the registry's answer otherwise. */
  async tags(repository: string): Promise<string[]> {
    const r = await this.request('GET', `/v2/${repository}/tags/list`);
    if (r.status !== 200) throw new Error(`tags of ${repository}: ${r.status} ${r.text}`);
    return ((JSON.parse(r.text).tags as string[] | null) ?? []).sort();
  }

  /** The digest the registry stores for repository:tag (Docker-Content-Digest of the manifest), null if unknown. */
  async manifestDigest(repository: string, tag: string): Promise<string | null> {
    const r = await this.request('HEAD', `/v2/${repository}/manifests/${tag}`, { accept: MANIFEST_TYPES });
    if (r.status === 404) return null;
    if (r.status !== 200) throw new Error(`manifest of ${repository}:${tag}: ${r.status}`);
    return String(r.headers['docker-content-digest']);
  }
}

// ---------------------------------------------------------------- builds through the API

export interface BuildView {
  id: string;
  service: string;
  image: string;
  digest: string | null;
  status: string;
  serverName: string | null;
  cachedSteps: number | null;
  totalSteps: number | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  logLines: number;
}

export interface LogPage {
  after: number;
  lines: string[];
  next: number;
  done: boolean;
  /** the build's status when this page was read (fetched right after it) */
  status: string;
}

export function buildsApi(api: Api) {
  const list = async (deploymentId: string): Promise<BuildView[]> => {
    const r = await api('GET', `/api/deployments/${deploymentId}/builds`);
    if (r.status !== 200) throw new Error(`GET builds of ${deploymentId}: ${r.status} ${r.text}`);
    return r.body;
  };
  const page = async (deploymentId: string, buildId: string, after: number) => {
    const r = await api('GET', `/api/deployments/${deploymentId}/builds/${buildId}/log?after=${after}`);
    if (r.status !== 200) throw new Error(`GET build log: ${r.status} ${r.text}`);
    return r.body as { lines: string[]; next: number; done: boolean };
  };
  /** The deployment's only build, once it exists (StackDeployer makes it with the deployment). */
  const only = (deploymentId: string) =>
    waitFor(
      `the build of deployment ${deploymentId}`,
      async () => {
        const builds = await list(deploymentId);
        if (builds.length > 1) throw new Error(`expected one build, got ${builds.map((b) => b.service).join(', ')}`);
        return builds[0];
      },
      30_000,
      200,
    );
  /**
   * Reads the build's log the way the deployment page does, page by page with `after`, from its
   * first line until the API says it is done; every page is kept, with the build's status
   * when it was read, so a suite can tell what it saw while the build ran.
   */
  const follow = async (deploymentId: string, buildId: string, timeoutMs = 240_000, everyMs = 300) => {
    const pages: LogPage[] = [];
    const lines: string[] = [];
    let after = 0;
    const started = Date.now();
    for (;;) {
      const p = await page(deploymentId, buildId, after);
      const status = (await list(deploymentId)).find((b) => b.id === buildId)?.status ?? 'missing';
      pages.push({ after, ...p, status });
      lines.push(...p.lines);
      after = p.next;
      if (p.done) return { lines, pages };
      if (Date.now() - started > timeoutMs) throw new Error(`the build log was not done in ${timeoutMs / 1000} s (${lines.length} lines)`);
      await sleep(everyMs);
    }
  };
  return { list, page, only, follow };
}

// ---------------------------------------------------------------- what a build server keeps

/** Entries of the node's BuildKit cache (`docker system df`): 0 where nothing was ever built. */
export async function buildCacheEntries(node: string): Promise<number> {
  const r = await nodeExec(node, ['docker', 'system', 'df', '--format', '{{.Type}}={{.TotalCount}}']);
  const line = r.stdout.split('\n').find((l) => l.startsWith('Build Cache='));
  if (r.code !== 0 || !line) throw new Error(`docker system df on ${node}: ${r.stderr || r.stdout}`);
  return Number(line.split('=')[1]);
}

/** Tags of `repository` in the node's image store, and the org.otternauts.stack label of each. */
export async function localImages(node: string, repository: string): Promise<{ tag: string; stack: string }[]> {
  const r = await nodeExec(node, ['docker', 'image', 'ls', repository, '--format', '{{.Tag}}\t{{.ID}}']);
  if (r.code !== 0) throw new Error(`docker image ls on ${node}: ${r.stderr}`);
  const rows = r.stdout.split('\n').filter(Boolean);
  const out: { tag: string; stack: string }[] = [];
  for (const row of rows) {
    const [tag, id] = row.split('\t');
    const label = await nodeExec(node, ['docker', 'image', 'inspect', id, '--format', '{{index .Config.Labels "org.otternauts.stack"}}']);
    out.push({ tag, stack: label.stdout.trim() });
  }
  return out;
}

// Run in the build server as root (the test's own look, not Mission Control's): one section
// per kind of leftover. A context archive is found by name and by the tar header's "ustar"
// magic at byte 257, so a temporary file without an extension is caught too. The home of
// the SSH user is searched whole; /tmp is listed whole (it starts empty in a node).
const LEFTOVERS = `home=$1
echo '== auths'
find /tmp /root /home /run /etc/docker -type f -name config.json -exec grep -l '"auths"' {} + 2>/dev/null
echo '== ours'
find /tmp /root /home -name 'otternauts-*' 2>/dev/null
echo '== archives'
find /tmp /root "$home" -type f 2>/dev/null | while IFS= read -r f; do
  case $f in *.tar|*.tar.*|*.tgz) echo "$f"; continue ;; esac
  [ "$(dd if="$f" bs=1 skip=257 count=5 2>/dev/null)" = ustar ] && echo "$f"
done
echo '== tmp'
find /tmp -mindepth 1 2>/dev/null
echo '== home'
find "$home" -mindepth 1 2>/dev/null
`;

export interface Leftovers {
  /** config.json files that hold an "auths" section: a registry login */
  auths: string[];
  /** anything named otternauts-* (a deploy's otternauts-login.*, a build's otternauts-build.*) */
  folders: string[];
  archives: string[];
  /** everything in /tmp */
  tmp: string[];
  /** everything in the SSH user's home */
  home: string[];
}

export async function leftoversOn(node: string, sshUserHome: string): Promise<Leftovers> {
  const r = await nodeExec(node, ['sh', '-c', LEFTOVERS, 'sh', sshUserHome]);
  const sections: Record<string, string[]> = {};
  let current = '';
  for (const line of r.stdout.split('\n')) {
    const m = /^== (.+)$/.exec(line);
    if (m) sections[(current = m[1])] = [];
    else if (line.trim() && current) sections[current].push(line.trim());
  }
  return {
    auths: sections.auths ?? [],
    folders: sections.ours ?? [],
    archives: sections.archives ?? [],
    tmp: sections.tmp ?? [],
    home: (sections.home ?? []).sort(),
  };
}

// ---------------------------------------------------------------- the service as Swarm runs it

export interface RunningTask {
  node: string;
  /** the image the task runs, as Swarm gave it: repository:tag@digest when pinned */
  image: string;
}

/** The service's running tasks (docker service ps on the manager, untruncated). */
export async function runningTasks(manager: string, service: string): Promise<RunningTask[]> {
  const r = await nodeExec(manager, [
    'docker',
    'service',
    'ps',
    service,
    '--no-trunc',
    '--filter',
    'desired-state=running',
    '--format',
    '{{.Node}}\t{{.Image}}\t{{.CurrentState}}',
  ]);
  if (r.code !== 0) throw new Error(`docker service ps ${service}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('\tRunning'))
    .map((l) => {
      const [node, image] = l.split('\t');
      return { node, image };
    })
    .sort((a, b) => a.node.localeCompare(b.node));
}

/** In the node's own container of the service: the image's repository digests and a file's content. */
export async function inContainer(node: string, service: string, file: string): Promise<{ repoDigests: string[]; content: string }> {
  return waitFor(
    `${service}'s container on ${node}`,
    async () => {
      const ids = (await nodeExec(node, ['docker', 'ps', '-q', '--filter', `label=com.docker.swarm.service.name=${service}`])).stdout
        .trim()
        .split('\n')
        .filter(Boolean);
      if (ids.length !== 1) return undefined; // an old task is still stopping, or the new one not started yet
      const image = (await nodeExec(node, ['docker', 'inspect', ids[0], '--format', '{{.Image}}'])).stdout.trim();
      const digests = await nodeExec(node, ['docker', 'image', 'inspect', image, '--format', '{{json .RepoDigests}}']);
      const cat = await nodeExec(node, ['docker', 'exec', ids[0], 'cat', file]);
      if (digests.code !== 0 || cat.code !== 0) return undefined;
      return { repoDigests: JSON.parse(digests.stdout) as string[], content: cat.stdout };
    },
    60_000,
    500,
  );
}
