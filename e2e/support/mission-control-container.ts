// Mission Control as its image runs it: `otternauts/mission-control:local` (built from this
// checkout by scripts/image/build-image.sh on the locally built base) in the host's own dockerd
// (scripts/image/host-docker.sh), with a named volume on /data. `--network host`: that dockerd
// has no bridge, and the container reaches the test bed's nodes the way the host does.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { jsonApi, repoRoot, waitFor } from './mission-control.js';

export const IMAGE = process.env.OTTERNAUTS_IMAGE ?? 'otternauts/mission-control:local';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with the given environment added; never rejects. */
export function run(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

let dockerHost: string | undefined;

/** The host dockerd the image scripts use (started when none answers). */
export async function hostDocker(): Promise<string> {
  if (dockerHost) return dockerHost;
  const r = await run('bash', [path.join(repoRoot, 'scripts', 'image', 'host-docker.sh')]);
  if (r.code !== 0) throw new Error(`host-docker.sh failed:\n${r.stderr}`);
  dockerHost = r.stdout.trim();
  return dockerHost;
}

/** `docker …` against the host dockerd. */
export async function docker(args: string[], env: Record<string, string> = {}, timeoutMs?: number): Promise<Run> {
  return run('docker', args, { DOCKER_HOST: await hostDocker(), ...env }, timeoutMs);
}

/**
 * Builds the image from this checkout (and the base first, when it is missing). The classic
 * builder's layer cache makes a second build of an unchanged tree a matter of seconds, so the
 * suite always tests the sources it sits next to, whether or not `.ci/run` built it before.
 */
export async function buildImage(): Promise<void> {
  const r = await run('bash', [path.join(repoRoot, 'scripts', 'image', 'build-image.sh')], {}, 1_500_000);
  if (r.code !== 0) throw new Error(`build-image.sh failed (${r.code}):\n${r.stderr.slice(-4000)}`);
}

export interface RunningContainer {
  name: string;
  volume: string;
  url: string;
  token: string;
  api: <T = any>(method: string, route: string, body?: unknown) => Promise<{ status: number; body: T; text: string }>;
  logs(): Promise<string>;
  /** `docker stop` (SIGTERM, then SIGKILL after 10 s): its wall time and the container's exit code */
  stop(): Promise<{ seconds: number; exitCode: number }>;
  /** `docker start` again, on the same volume, and wait for health */
  start(): Promise<void>;
  /** removes the container and its volume */
  remove(): Promise<void>;
}

let nextPort = 19700 + Math.floor(Math.random() * 200);

/**
 * Starts the image in the background with a fresh volume. The admin token reaches the container
 * as `-e OTTERNAUTS_ADMIN_TOKEN` without a value: docker takes it from its own environment,
 * so it is in no process's argument list.
 */
export async function startContainer(label: string, env: Record<string, string> = {}): Promise<RunningContainer> {
  const id = crypto.randomBytes(4).toString('hex');
  const name = `otn-e2e-${label}-${id}`;
  const volume = `${name}-data`;
  const port = nextPort++;
  const token = crypto.randomBytes(24).toString('base64url');
  const envArgs = Object.keys(env).flatMap((k) => ['-e', k]);
  const started = await docker(
    [
      'run',
      '--detach',
      '--name',
      name,
      '--network',
      'host',
      '--volume',
      `${volume}:/data`,
      '-e',
      'OTTERNAUTS_ADMIN_TOKEN',
      '-e',
      `OTTERNAUTS_PORT=${port}`,
      ...envArgs,
      IMAGE,
    ],
    { OTTERNAUTS_ADMIN_TOKEN: token, ...env },
  );
  if (started.code !== 0) throw new Error(`docker run failed:\n${started.stderr}`);
  const url = `http://127.0.0.1:${port}`;

  const api = jsonApi(url, { authorization: `Bearer ${token}` });
  const logs = async () => {
    const r = await docker(['logs', name]);
    return r.stdout + r.stderr;
  };
  const answering = async () => {
    await waitFor(
      `${name} answering`,
      async () => {
        const state = (await docker(['inspect', '--format', '{{.State.Status}}', name])).stdout.trim();
        if (state === 'exited') throw new Error(`the container exited:\n${await logs()}`);
        return (
          (await fetch(`${url}/api/health`)
            .then((r) => r.ok)
            .catch(() => false)) || undefined
        );
      },
      90_000,
      250,
    );
  };
  await answering();

  return {
    name,
    volume,
    url,
    token,
    api,
    logs,
    async stop() {
      const t0 = Date.now();
      const r = await docker(['stop', name]);
      const seconds = (Date.now() - t0) / 1000;
      if (r.code !== 0) throw new Error(`docker stop failed:\n${r.stderr}`);
      const exitCode = Number((await docker(['inspect', '--format', '{{.State.ExitCode}}', name])).stdout.trim());
      return { seconds, exitCode };
    },
    async start() {
      const r = await docker(['start', name]);
      if (r.code !== 0) throw new Error(`docker start failed:\n${r.stderr}`);
      await answering();
    },
    async remove() {
      await docker(['rm', '--force', '--volumes', name]);
      await docker(['volume', 'rm', '--force', volume]);
    },
  };
}

/** Waits for the image's HEALTHCHECK to report the container healthy. */
export async function healthy(name: string, timeoutMs = 90_000): Promise<string> {
  return waitFor(
    `${name} healthy`,
    async () => {
      const status = (await docker(['inspect', '--format', '{{.State.Health.Status}}', name])).stdout.trim();
      if (status === 'unhealthy') throw new Error(`${name} is unhealthy`);
      return status === 'healthy' ? status : undefined;
    },
    timeoutMs,
    1000,
  );
}
