import fs from 'node:fs';
import { expect } from '@jest/globals';
import { nodeExec, type TestbedNode, type TestbedState } from '../testbed/testbed.js';
import { waitFor } from './mission-control.js';

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * Adds `nodes` the way a user does (scan, confirm the fingerprint, create), the first as the
 * manager and the rest as workers, one after the other; waits for each to be `ready` and for
 * the ingress job's `traefik-public` network, which stacks with domains join.
 */
export async function onboardCluster(api: Api, bed: TestbedState, nodes: TestbedNode[], sshUser: string): Promise<void> {
  const privateKey = fs.readFileSync(bed.keys.ed25519, 'utf8');
  for (const [i, n] of nodes.entries()) {
    const scan = (await api('POST', '/api/servers/scan', { hostname: n.address })).body;
    const created = await api('POST', '/api/servers', {
      name: n.name,
      hostname: n.address,
      sshUser,
      privateKey,
      fingerprint: scan.fingerprint,
      role: i === 0 ? 'manager' : 'worker',
    });
    expect(created.status).toBe(201);
    await waitFor(
      `${n.name} ready`,
      async () => {
        const s = (await api('GET', `/api/servers/${created.body.id}`)).body;
        if (s.status === 'failed') throw new Error(s.lastError);
        return s.status === 'ready' ? s : undefined;
      },
      120_000,
      500,
    );
  }
  await waitFor(
    'traefik-public',
    async () => ((await nodeExec(nodes[0].name, ['docker', 'network', 'inspect', 'traefik-public'])).code === 0 ? true : undefined),
    60_000,
    1000,
  );
}
