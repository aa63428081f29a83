import type { Server } from '../generated/prisma/client.js';
import type { RegistryLogin } from '../registries/registries.service.js';
import { loginFailure } from '../registries/login-errors.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';
import { BuildCommands, type BuildInvocation } from './build-commands.js';
import { countSteps, failureLines, parsePushDigest, type StepCounts } from './build-output.js';
import type { BuildLog } from './build-log.js';

/** A build that did not give an image; the message is written for the user. */
export class BuildFailed extends Error {}

export interface ImageBuild extends Omit<BuildInvocation, 'buildkit'> {
  server: Server;
  /** the build context, a tar archive of the folder at the commit */
  context: Buffer;
  /** for the base images' registries and the one pushed to */
  logins: RegistryLogin[];
  timeoutSeconds: number;
  cacheMaxAgeSeconds: number;
  /** where the output goes; `changed` is called after each piece of it */
  log: BuildLog;
  changed(): void;
  /** the image is built and is being pushed */
  pushing(): Promise<void>;
}

export interface BuiltImage extends StepCounts {
  digest: string;
}

const LOGIN_TIMEOUT_MS = 60_000;
const PRUNE_TIMEOUT_MS = 120_000;

/**
 * One image on the build server: logins in a throw-away folder, `docker build -` with the
 * context on stdin, `docker push`, the folder removed whatever happens, then the cache pruned
 * by age. Nothing of the context or of the credentials stays on the server.
 */
export async function buildImage(shell: ServerShell, b: ImageBuild): Promise<BuiltImage> {
  const { server, log } = b;
  const sudo = shell.needsSudo(server);
  let docker = new BuildCommands(sudo);
  const output = { onStdout: (c: Buffer) => tell(c), onStderr: (c: Buffer) => tell(c) };
  const tell = (chunk: Buffer) => {
    log.push(chunk);
    b.changed();
  };
  const note = (line: string) => {
    log.note(line);
    b.changed();
  };

  // a Mission Control stopped mid-build left its folder (and the logins in it): gone before the next one
  const staleMinutes = Math.ceil((2 * b.timeoutSeconds) / 60) + 5;
  const swept = await shell.run(server, docker.sweepDirs(server.sshUser, staleMinutes), { timeoutMs: 30_000 }).catch(() => null);
  const removed = swept?.stdout.split('\n').filter((l) => l.trim().startsWith('/tmp/')) ?? [];
  if (removed.length) note(`Removed ${removed.length} build folder(s) a stopped build left on ${server.name}.`);

  let dir: string | null = null;
  try {
    dir = (await shell.runOk(server, docker.makeDir(), 'mktemp', { timeoutMs: 30_000 })).stdout.trim();
    docker = docker.withConfigDir(dir);
    // asked inside our folder too: buildx writes its state into the client configuration folder
    const buildkit = (await shell.run(server, docker.buildxVersion(), { timeoutMs: 30_000 })).code === 0;
    if (!buildkit) note(`warning: docker buildx is not installed on ${server.name}; building with the legacy builder (no BuildKit cache).`);
    for (const login of b.logins) {
      // docker login takes the host; a credential stored with a path (ghcr.io/otto) logs in there
      const r = await shell.run(server, docker.login(login.host, login.username), {
        stdin: login.password,
        timeoutMs: LOGIN_TIMEOUT_MS,
      });
      if (r.code !== 0) throw new BuildFailed(loginFailure(login, r.stderr, server.name));
    }
    note(`Building ${b.tag} on ${server.name}${buildkit ? ' with BuildKit' : ''}.`);
    const built = await shell.run(server, docker.build({ ...b, buildkit }), {
      stdin: b.context,
      timeoutMs: b.timeoutSeconds * 1000,
      ...output,
    });
    log.end();
    const all = `${built.stdout}\n${built.stderr}`;
    if (built.code === 124) throw new BuildFailed(`The build did not finish within ${b.timeoutSeconds} s (OTTERNAUTS_BUILD_TIMEOUT).`);
    if (built.code !== 0) throw new BuildFailed(failureLines(all) || `docker build exited with ${built.code}`);
    const counts = countSteps(all);

    await b.pushing();
    note(`Pushing ${b.tag}.`);
    const pushed = await shell.run(server, docker.push(b.tag), { timeoutMs: b.timeoutSeconds * 1000, ...output });
    log.end();
    if (pushed.code !== 0) throw new BuildFailed(`docker push ${b.tag} failed: ${failureLines(pushed.stderr || pushed.stdout, 4)}`);
    const digest = parsePushDigest(pushed.stdout);
    if (!digest) throw new BuildFailed(`docker push ${b.tag} did not say which digest the registry stored.`);
    note(`Pushed ${b.tag}@${digest}.`);
    return { digest, ...counts };
  } finally {
    if (dir) await shell.run(server, docker.removeDir(dir), { timeoutMs: 30_000 }).catch(() => undefined);
    await prune(shell, server, new BuildCommands(sudo), b, note);
  }
}

/** The cache and our old images go by age; a prune that fails only says so. */
async function prune(shell: ServerShell, server: Server, docker: BuildCommands, b: ImageBuild, note: (line: string) => void) {
  for (const [command, what] of [
    [docker.pruneCache(b.cacheMaxAgeSeconds), 'build cache'],
    [docker.pruneImages(b.stack, b.cacheMaxAgeSeconds), 'old images'],
  ] as const) {
    const r = await shell
      .run(server, command, { timeoutMs: PRUNE_TIMEOUT_MS })
      .catch((err: Error) => ({ code: -1, stderr: err.message, stdout: '' }));
    if (r.code !== 0) note(`warning: could not prune the ${what} on ${server.name}: ${lastLines(r.stderr || r.stdout, 2)}`);
  }
}
