// Image benchmark (not a test): the size of Mission Control's image and the idle memory of a
// container started from it. Prints figures whatever they are.
// Usage: bash scripts/image/build-image.sh && node scripts/bench-image.mjs [--idle 30]
//
// Idle memory is read twice, after --idle seconds: the container's cgroup (what `docker stats`
// shows, page cache included) and the resident memory of the node process alone (VmRSS, the
// figure bench-footprint.mjs prints for the process started without a container).
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE = process.env.OTTERNAUTS_IMAGE ?? 'otternauts/mission-control:local';
const idleSeconds = Number(process.argv[process.argv.indexOf('--idle') + 1] || 30) || 30;
const dockerHost = execFileSync('bash', [path.join(root, 'scripts/image/host-docker.sh')], { encoding: 'utf8' }).trim();
const docker = (...args) => {
  const r = spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: dockerHost } });
  if (r.status !== 0) throw new Error(`docker ${args[0]} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
};
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

try {
  docker('image', 'inspect', IMAGE);
} catch {
  console.error(`bench-image: no ${IMAGE} yet: bash scripts/image/build-image.sh builds it`);
  process.exit(1);
}

// size, and the layers that make it (the biggest first)
const size = Number(docker('image', 'inspect', IMAGE, '--format', '{{.Size}}'));
// one JSON object a line: a layer's command may span lines
const layers = docker('history', IMAGE, '--human=false', '--no-trunc', '--format', '{{json .}}')
  .split('\n')
  .map((l) => JSON.parse(l))
  .map((l) => [Number(l.Size), l.CreatedBy.replace(/\s+/g, ' ') || '(the base image)'])
  .filter(([s]) => s > 0)
  .sort((a, b) => b[0] - a[0])
  .slice(0, 4);
console.log(`image ${IMAGE}: ${mb(size)} (docker image inspect .Size)`);
for (const [s, by] of layers) console.log(`  ${mb(s).padStart(7)}  ${by.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').slice(0, 90)}`);

const name = `otn-bench-image-${crypto.randomBytes(3).toString('hex')}`;
const port = 19900 + Math.floor(Math.random() * 90);
// the token travels in docker's environment (`-e NAME` without a value), not in an argument
process.env.OTTERNAUTS_ADMIN_TOKEN = crypto.randomBytes(24).toString('base64url');
const t0 = Date.now();
docker(
  'run',
  '--detach',
  '--name',
  name,
  '--network',
  'host',
  '--volume',
  `${name}:/data`,
  '-e',
  'OTTERNAUTS_ADMIN_TOKEN',
  '-e',
  `OTTERNAUTS_PORT=${port}`,
  // MALLOC_ARENA_MAX=16 node scripts/bench-image.mjs: the image without its arena setting, to compare
  ...(process.env.MALLOC_ARENA_MAX ? ['-e', 'MALLOC_ARENA_MAX'] : []),
  IMAGE,
);
delete process.env.OTTERNAUTS_ADMIN_TOKEN;
try {
  let startupMs;
  while (startupMs === undefined) {
    if (Date.now() - t0 > 90_000) throw new Error(`${name} did not answer within 90 s:\n${docker('logs', name)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) startupMs = Date.now() - t0;
    else await sleep(100);
  }
  await sleep(idleSeconds * 1000);
  const cgroup = docker('stats', '--no-stream', '--format', '{{.MemUsage}}', name).split('/')[0].trim();
  // the node process, seen from the host: `docker top` lists host pids
  const pids = docker('top', name)
    .split('\n')
    .filter((l) => /:\d\d\s+node (--\S+ )*server\/dist\/main\.js$/.test(l))
    .map((l) => l.trim().split(/\s+/)[1]);
  const rss = pids.map((pid) => {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  });
  // a figure, not a test: say so plainly rather than print an empty one
  if (rss.length === 0) console.log(`no node process found in docker top ${name}:\n${docker('top', name)}`);
  console.log(
    `container start to first health answer: ${startupMs} ms (MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '2, the image default'})`,
  );
  console.log(
    `idle memory after ${idleSeconds} s: ${cgroup} (container cgroup), ${rss.map((r) => `${r.toFixed(1)} MB`).join(', ')} RSS of node`,
  );
} finally {
  spawnSync('docker', ['rm', '--force', '--volumes', name], { env: { ...process.env, DOCKER_HOST: dockerHost } });
  spawnSync('docker', ['volume', 'rm', '--force', name], { env: { ...process.env, DOCKER_HOST: dockerHost } });
}
