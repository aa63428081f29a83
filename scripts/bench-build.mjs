// Build benchmark (not a test): the time of a cold build of a Git stack's image on the build
// server against a rebuild after one changed file, and the steps the build cache answered.
// Brings up the e2e test bed (needs root; run it under the e2e suites' lock), its private
// registry and a Git repository on a node, onboards the node into Mission Control, and deploys
// the stack twice through the API as a user would. Prints figures whatever they are.
// Usage: npm run build && flock /tmp/otternauts-e2e.lock node scripts/bench-build.mjs [--nodes 1]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMissionControl } from './mission-control-process.mjs';
import { apiClient, onboard, testbedDown, testbedUp, until } from './testbed-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TESTBED = path.join(root, 'e2e', 'testbed', 'testbed.sh');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

function run(cmd, args, { input, env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { env: { ...process.env, ...env }, cwd, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve(stdout.trim()),
    );
    if (input !== undefined) child.stdin.end(input);
  });
}
const testbed = (args, input) => run('bash', [TESTBED, ...args], { input });

// A small application with what makes real builds slow: a dependency step (stands in for
// `npm ci`: seconds of work and a 32 MiB layer) before the application's own files are copied.
const dockerfile = (registry) => `FROM ${registry}/base/busybox:1
RUN for i in 1 2 3 4 5; do echo "installing dependency $i of 5"; sleep 1; done
RUN mkdir -p /deps && dd if=/dev/urandom of=/deps/blob bs=1M count=32 2>/dev/null
WORKDIR /app
COPY src/ /app/
RUN wc -c /app/* > /app/manifest.txt
CMD ["httpd", "-f", "-p", "8080", "-h", "/app"]
`;
const compose = `services:
  web:
    build:
      context: ./app
    stop_grace_period: 1s
    deploy:
      replicas: 1
      endpoint_mode: dnsrr
`;

async function main() {
  const nodes = arg('--nodes', 1);
  const password = `bench-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-bench-build-'));
  let mc;
  try {
    log(`test bed with ${nodes} node(s), registry on otn1`);
    const state = await testbedUp(nodes);
    const registry = await testbed(['registry-up', 'otn1', 'otto'], `${password}\n`);
    await testbed(['registry-push', 'otn1', 'base/busybox:1']);
    mc = await startMissionControl({ OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600', OTTERNAUTS_DEPLOY_TIMEOUT: '180' });
    const api = apiClient(mc.base);
    log('onboarding');
    await onboard(api, state);

    // the repository on otn1's Git account; the developer pushes with the test bed's client key
    const node = state.nodes[0];
    await testbed(['git-repo', node.name, 'bench']);
    const hostKey = fs.readFileSync(path.join(node.dir, 'fs', 'etc', 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').split(' ');
    fs.writeFileSync(path.join(work, 'known_hosts'), `${node.address} ${hostKey[0]} ${hostKey[1]}\n`);
    const env = {
      GIT_SSH_COMMAND: `ssh -i ${state.keys.ed25519} -o IdentitiesOnly=yes -o UserKnownHostsFile=${work}/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes`,
      GIT_AUTHOR_NAME: 'Otto',
      GIT_AUTHOR_EMAIL: 'otto@example.com',
      GIT_COMMITTER_NAME: 'Otto',
      GIT_COMMITTER_EMAIL: 'otto@example.com',
    };
    const url = `ssh://git@${node.address}/~/bench.git`;
    const clone = path.join(work, 'clone');
    const git = (...args) => run('git', args, { env, cwd: clone });
    fs.mkdirSync(path.join(clone, 'app', 'src'), { recursive: true });
    await run('git', ['init', '-q', '--initial-branch=main', clone]);
    const write = (p, text) => fs.writeFileSync(path.join(clone, p), text);
    write('compose.yaml', compose);
    write('app/Dockerfile', dockerfile(registry));
    write('app/src/index.html', '<h1>bench 1</h1>\n');
    write('app/src/style.css', 'h1 { color: teal; }\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'first');
    await git('push', '-q', url, 'HEAD:refs/heads/main');

    const scan = (await api('POST', '/api/repositories/scan', { url })).body;
    const repo = await api('POST', '/api/repositories', { name: 'bench', url, access: 'deploy_key', fingerprint: scan.fingerprint });
    if (repo.status !== 201) throw new Error(`adding the repository: ${repo.status} ${repo.text}`);
    await testbed(['git-authorize', node.name, repo.body.deployKeyPublic]);
    const credential = await api('POST', '/api/registries', { registryUrl: registry, username: 'otto', password });
    if (credential.status !== 201) throw new Error(`storing the registry credential: ${credential.status} ${credential.text}`);
    const source = {
      repositoryId: repo.body.id,
      ref: 'main',
      path: 'compose.yaml',
      pollIntervalSeconds: 0,
      buildRegistryId: credential.body.id,
    };
    const stack = await api('POST', '/api/stacks', { name: 'bench', source });
    if (stack.status !== 201) throw new Error(`creating the stack: ${stack.status} ${stack.text}`);

    const deployOnce = async (label) => {
      const t0 = Date.now();
      const started = await api('POST', `/api/stacks/${stack.body.id}/deploy`);
      if (started.status !== 202) throw new Error(`deploying (${label}): ${started.status} ${started.text}`);
      const id = started.body.deploymentId;
      const d = await until(
        `the ${label} deployment`,
        async () => {
          const x = (await api('GET', `/api/deployments/${id}`)).body;
          return ['succeeded', 'failed', 'timed_out'].includes(x.status) ? x : undefined;
        },
        600_000,
      );
      if (d.status !== 'succeeded') throw new Error(`the ${label} deployment ${d.status}: ${d.error}`);
      const [b] = (await api('GET', `/api/deployments/${id}/builds`)).body;
      if (!b) throw new Error(`the ${label} deployment built nothing`);
      return { build: b, deployMs: Date.now() - t0 };
    };

    log('cold build');
    const cold = await deployOnce('cold');
    write('app/src/index.html', '<h1>bench 2</h1>\n');
    await git('commit', '-q', '-am', 'one changed file');
    await git('push', '-q', url, 'HEAD:refs/heads/main');
    log('rebuild with one changed file');
    const warm = await deployOnce('rebuild');

    const line = (label, r) =>
      `${label.padEnd(28)} build ${(r.build.durationMs / 1000).toFixed(1).padStart(6)} s, ` +
      `cached steps ${r.build.cachedSteps}/${r.build.totalSteps}, whole deployment ${(r.deployMs / 1000).toFixed(1)} s (${r.build.serverName})`;
    console.log(line('cold build:', cold));
    console.log(line('rebuild, one changed file:', warm));
    console.log(`rebuild / cold: ${((warm.build.durationMs / cold.build.durationMs) * 100).toFixed(0)} %`);
  } finally {
    await mc?.stop();
    await testbedDown().catch((err) => log(`testbed down: ${err.message}`));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
