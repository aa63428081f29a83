// The e2e test bed (e2e/testbed/testbed.sh) as a benchmark sees it: N real sshd + dockerd
// "servers" brought up, onboarded into Mission Control the way a user does (scan, confirm the
// host key, add: the first a manager, the rest workers) and torn down again. Needs root.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TESTBED = path.join(root, 'e2e', 'testbed', 'testbed.sh');

function testbed(args, timeoutMs = 300_000) {
  return new Promise((resolve, reject) =>
    execFile('bash', [TESTBED, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`testbed.sh ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve(stdout),
    ),
  );
}

/** `testbed.sh up --nodes N`; returns its state (nodes, keys). */
export async function testbedUp(nodes) {
  await testbed(['up', '--nodes', String(nodes)]);
  return JSON.parse(await testbed(['status']));
}

export const testbedDown = () => testbed(['down']);

/** Runs a command as root inside a test-bed node; resolves with its stdout. */
export const nodeExec = (node, cmd, timeoutMs) => testbed(['exec', node, '--', ...cmd], timeoutMs);

/** A JSON API client for Mission Control at `base`: `{ status, body }`, throws on a network error only. */
export function apiClient(base) {
  return async (method, route, body) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text };
  };
}

/** Polls `check` until it returns something other than undefined. */
export async function until(what, check, timeoutMs, everyMs = 500) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Adds every node of the test bed as root with its ed25519 key, the first `managers` as
 * managers and the rest as workers, one after the other; waits for each to be ready.
 * Returns the seconds each took from "add" to `ready`, by node name.
 */
export async function onboard(api, state, { managers = 1 } = {}) {
  const privateKey = fs.readFileSync(state.keys.ed25519, 'utf8');
  const seconds = {};
  for (const [i, n] of state.nodes.entries()) {
    const added = Date.now();
    const scan = await api('POST', '/api/servers/scan', { hostname: n.address });
    if (scan.status !== 200) throw new Error(`scan of ${n.name}: ${scan.status} ${scan.text}`);
    const created = await api('POST', '/api/servers', {
      name: n.name,
      hostname: n.address,
      sshUser: 'root',
      privateKey,
      fingerprint: scan.body.fingerprint,
      role: i < managers ? 'manager' : 'worker',
    });
    if (created.status !== 201) throw new Error(`adding ${n.name}: ${created.status} ${created.text}`);
    await until(
      `${n.name} ready`,
      async () => {
        const s = (await api('GET', `/api/servers/${created.body.id}`)).body;
        if (s.status === 'failed') throw new Error(`${n.name}: ${s.lastError}`);
        return s.status === 'ready' ? s : undefined;
      },
      180_000,
    );
    seconds[n.name] = (Date.now() - added) / 1000;
  }
  return seconds;
}

/** Creates and deploys a stack; resolves with the stack id once the deployment succeeded. */
export async function deploy(api, name, configuration) {
  return (await deployRecorded(api, name, configuration)).stackId;
}

/** As deploy(), and also the deployment as Mission Control recorded it (times, job progress). */
export async function deployRecorded(api, name, configuration) {
  const created = await api('POST', '/api/stacks', { name, configuration });
  if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${created.text}`);
  const postedAt = Date.now();
  const started = await api('POST', `/api/stacks/${created.body.id}/deploy`);
  if (started.status !== 202) throw new Error(`deploying ${name}: ${started.status} ${started.text}`);
  const d = await until(
    `deployment of ${name}`,
    async () => {
      const x = (await api('GET', `/api/deployments/${started.body.deploymentId}`)).body;
      return ['succeeded', 'failed', 'timed_out'].includes(x.status) ? x : undefined;
    },
    300_000,
    1000,
  );
  if (d.status !== 'succeeded') throw new Error(`deployment of ${name} ${d.status}: ${d.error}`);
  return { stackId: created.body.id, deployment: d, postedAt };
}
