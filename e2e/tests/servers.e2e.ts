import fs from 'node:fs';
import {
  blockPort,
  nodeExec,
  rekey,
  sshdStart,
  sshdStop,
  testbedDown,
  testbedUp,
  unblockPort,
  type TestbedState,
} from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';

// Outposts over SSH against real sshd + dockerd test servers (network namespaces).
// otn1: first manager (root, RSA PEM key), otn2: worker (non-root with sudo), otn3: already in another
// Swarm, later a second manager, otn4: no Docker; the failure cases use otn4 and otn3.
describe('servers on a real multi-host Swarm', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  const ids: Record<string, string> = {};

  const node = (name: string) => bed.nodes.find((n) => n.name === name)!;
  const key = (which: keyof TestbedState['keys']) => fs.readFileSync(bed.keys[which], 'utf8');
  const onNode = async (name: string, cmd: string[]) => {
    const r = await nodeExec(name, cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')} on ${name}: ${r.stderr}`);
    return r.stdout;
  };
  const swarmNodes = async (manager = 'otn1') =>
    (await onNode(manager, ['docker', 'node', 'ls', '--format', '{{json .}}']))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Hostname: string; ManagerStatus: string; Status: string });

  async function addServer(
    name: string,
    nodeName: string,
    opts: { user?: string; keyText?: string; passphrase?: string; role?: string } = {},
  ) {
    const n = node(nodeName);
    const scan = await api('POST', '/api/servers/scan', { hostname: n.address });
    expect(scan.status).toBe(200);
    const created = await api('POST', '/api/servers', {
      name,
      hostname: n.address,
      sshUser: opts.user ?? 'root',
      privateKey: opts.keyText ?? key('ed25519'),
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      fingerprint: scan.body.fingerprint,
      ...(opts.role ? { role: opts.role } : {}),
    });
    expect(created.status).toBe(201);
    ids[name] = created.body.id;
    return created.body;
  }

  const settled = (id: string) =>
    waitFor(
      `server ${id} to settle`,
      async () => {
        const s = (await api('GET', `/api/servers/${id}`)).body;
        return s.status === 'ready' || s.status === 'failed' ? s : undefined;
      },
      240_000,
      500,
    );

  async function expectFailure(name: string, nodeName: string, opts: Parameters<typeof addServer>[2], message: string | RegExp) {
    const created = await addServer(name, nodeName, opts);
    const s = await settled(created.id);
    expect(s.status).toBe('failed');
    expect(s.lastError).toMatch(message);
    return s;
  }

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 4, noDocker: ['otn4'], preswarm: ['otn3'] });
    mc = await startMissionControl(newDataDir('servers'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
    });
    ({ api, responses } = recordingApi(mc));
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should show the host key as ssh-keygen -lf prints it, without trusting it', async () => {
    const scan = await api('POST', '/api/servers/scan', { hostname: node('otn1').address });
    expect(scan.body).toEqual({
      hostname: node('otn1').address,
      port: 22,
      keyType: 'ssh-ed25519',
      fingerprint: node('otn1').hostKeyFingerprints.ed25519,
    });
  });

  it('should refuse to store a server whose fingerprint is not the one the user confirmed', async () => {
    const res = await api('POST', '/api/servers', {
      name: 'impostor',
      hostname: node('otn1').address,
      sshUser: 'root',
      privateKey: key('ed25519'),
      fingerprint: node('otn2').hostKeyFingerprints.ed25519,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('host_key_mismatch');
    expect((await api('GET', '/api/servers')).body).toEqual([]);
  });

  it('should refuse a key that does not parse, at input', async () => {
    const res = await api('POST', '/api/servers', {
      name: 'garbage',
      hostname: node('otn1').address,
      sshUser: 'root',
      privateKey: 'not a key',
      fingerprint: node('otn1').hostKeyFingerprints.ed25519,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('privateKey');
  });

  it('should make the first server a manager that creates the Swarm (RSA PEM key)', async () => {
    const created = await addServer('outpost-1', 'otn1', { role: 'worker', keyText: key('rsaPem') });
    expect(created.status).toBe('provisioning');
    const s = await settled(created.id);
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ status: 'ready', swarmRole: 'manager', role: 'manager', os: 'Debian GNU/Linux 12 (bookworm)' });
    expect(s.dockerVersion).toBe(bed.dockerVersion); // Debian 13's Engine 26, the default minimum (24.0) applies
    expect(s.swarmNodeId).toMatch(/^[a-z0-9]{25}$/);
    expect(s.preflight.map((p: { check: string; status: string }) => `${p.check}:${p.status}`)).toEqual(
      expect.arrayContaining(['ssh:pass', 'auth:pass', 'os:pass', 'docker:pass', 'disk:pass', 'swarm:pass']),
    );
    expect(s.job.status).toBe('succeeded');
    const nodes = await swarmNodes();
    expect(nodes).toHaveLength(1);
    expect(nodes[0].ManagerStatus).toBe('Leader');
    const cluster = (await api('GET', '/api/cluster')).body;
    expect(cluster.swarmId).toMatch(/^[a-z0-9]{25}$/);
    expect(cluster.managers).toEqual([s.id]);
  });

  it('should deploy the Traefik v3 stack once and report its state honestly', async () => {
    const cluster = await waitFor(
      'the ingress to settle',
      async () => {
        const c = (await api('GET', '/api/cluster')).body;
        return ['deployed', 'failed'].includes(c.traefik.status) ? c : undefined;
      },
      180_000,
      1000,
    );
    const spec = JSON.parse(await onNode('otn1', ['docker', 'service', 'inspect', 'otternauts-ingress_traefik']))[0].Spec;
    const container = spec.TaskTemplate.ContainerSpec;
    expect(container.Image).toMatch(/^traefik:v3\.\d+\.\d+/);
    expect(container.Args).toEqual(
      expect.arrayContaining([
        '--providers.swarm.endpoint=unix:///var/run/docker.sock',
        '--providers.swarm.exposedByDefault=false',
        '--providers.swarm.network=traefik-public',
        '--entrypoints.web.http.redirections.entrypoint.to=websecure',
        '--entrypoints.web.http.redirections.entrypoint.scheme=https',
        '--entrypoints.websecure.address=:443',
      ]),
    );
    expect(container.Args.join(' ')).not.toContain('swarmMode');
    expect(spec.TaskTemplate.Placement.Constraints).toEqual(['node.role == manager']);
    expect(spec.EndpointSpec.Ports.map((p: { TargetPort: number; PublishMode: string }) => `${p.TargetPort}/${p.PublishMode}`)).toEqual([
      '80/ingress',
      '443/ingress',
    ]);
    const networks = JSON.parse(await onNode('otn1', ['docker', 'network', 'inspect', 'traefik-public']))[0];
    expect(networks.Driver).toBe('overlay');
    expect(networks.Attachable).toBe(true);
    expect(spec.TaskTemplate.Networks.map((n: { Target: string }) => n.Target)).toContain(networks.Id);
    // No Traefik image can be pulled on the test bed: the task cannot start, and we must say so.
    expect(cluster.traefik.status).toBe('failed');
    expect(cluster.traefik.error).toMatch(/^Ingress deployment failed\. Traefik('s task on .* cannot start: .+| has no running task)/);
  });

  it('should join a non-root user with passwordless sudo as a worker, streaming its progress', async () => {
    // every process's command line on otn2, sampled while it joins: the join token must not be in any
    const watcher = nodeExec('otn2', [
      'sh',
      '-c',
      'i=0; while [ ! -e /tmp/stop-ps ] && [ $i -lt 1200 ]; do ps -eo args >> /tmp/ps-during-join.txt; i=$((i+1)); sleep 0.05; done',
    ]);
    const created = await addServer('outpost-2', 'otn2', { user: 'otter', role: 'worker' });
    // the wizard's live view: server-sent events until the server is ready
    const events = await fetch(`${mc.url}/api/servers/${created.id}/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = events.body!.getReader();
    let text = '';
    const seen: string[] = [];
    while (!seen.includes('ready') && !seen.includes('failed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
      const frames = text.split('\n\n');
      text = frames.pop() ?? '';
      for (const f of frames.filter((x) => x.startsWith('event: server'))) seen.push(JSON.parse(f.split('\ndata: ')[1]).status);
    }
    await reader.cancel();
    expect(seen.at(-1)).toBe('ready');
    expect(seen.length).toBeGreaterThan(1);
    const s = await settled(created.id);
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ status: 'ready', swarmRole: 'worker' });
    expect(s.preflight.find((p: { check: string }) => p.check === 'sudo').status).toBe('pass');
    expect(s.preflight.find((p: { check: string }) => p.check === 'port-2377').status).toBe('pass');
    const nodes = await swarmNodes();
    expect(nodes.map((n) => `${n.Hostname}:${n.ManagerStatus || 'worker'}:${n.Status}`).sort()).toEqual([
      'otn1:Leader:Ready',
      'otn2:worker:Ready',
    ]);
    await onNode('otn2', ['touch', '/tmp/stop-ps']);
    await watcher;
    const commandLines = await onNode('otn2', ['cat', '/tmp/ps-during-join.txt']);
    // the sampler saw the join itself (the Engine API call through the socket), and no token
    expect(commandLines).toContain('curl --silent --show-error --unix-socket /var/run/docker.sock');
    expect(commandLines).not.toContain('SWMTKN');
    expect(JSON.stringify(s.job.progress)).not.toContain('SWMTKN');
  });

  it('should say so when the private key is refused', async () => {
    const s = await expectFailure(
      'wrong-key',
      'otn4',
      { keyText: key('wrong') },
      'Authentication failed. Verify the username and private key are correct.',
    );
    expect(s.preflight.find((p: { check: string }) => p.check === 'auth').status).toBe('fail');
    expect((await api('DELETE', `/api/servers/${s.id}`)).status).toBe(204);
  });

  it('should require passwordless sudo for a non-root user', async () => {
    const s = await expectFailure(
      'no-sudo',
      'otn4',
      { user: 'nosudo' },
      'Passwordless sudo is required. Configure /etc/sudoers.d/otternauts for the SSH user.',
    );
    expect((await api('DELETE', `/api/servers/${s.id}`)).status).toBe(204);
  });

  it('should try to install Docker where it is missing and report the installer’s failure', async () => {
    const s = await expectFailure(
      'no-docker',
      'otn4',
      {},
      /^Docker installation failed\. Check server logs for details\. The installer said:\n/,
    );
    expect(s.preflight.find((p: { check: string }) => p.check === 'docker')).toMatchObject({ status: 'warn' });
    expect(s.job.currentStep).toBe('docker');
    expect((await api('DELETE', `/api/servers/${s.id}`)).status).toBe(204);
  });

  it('should say SSH is not answering when sshd is stopped', async () => {
    await sshdStop('otn4');
    try {
      const res = await api('POST', '/api/servers/scan', { hostname: node('otn4').address });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toBe(
        'Cannot connect to server. Check that SSH is running on port 22 and the firewall allows connections.',
      );
    } finally {
      await sshdStart('otn4');
    }
  });

  it('should not take over a server that is already in another Swarm', async () => {
    const s = await expectFailure(
      'outpost-3',
      'otn3',
      { keyText: key('ecdsaPass'), passphrase: bed.keys.ecdsaPassphrase, role: 'manager' },
      /already part of another Swarm/,
    );
    expect(s.preflight.find((p: { check: string }) => p.check === 'swarm').status).toBe('fail');
    const info = JSON.parse(await onNode('otn3', ['docker', 'info', '--format', '{{json .Swarm}}']));
    expect(info.LocalNodeState).toBe('active'); // untouched
  });

  it('should stop at preflight when a Swarm port to the manager is blocked', async () => {
    await blockPort('otn1', 2377);
    try {
      const res = await api('POST', `/api/servers/${ids['outpost-3']}/provision`, { leaveExistingSwarm: true });
      expect(res.status).toBe(202);
      const s = await settled(ids['outpost-3']);
      expect(s.status).toBe('failed');
      expect(s.lastError).toBe(
        `This server cannot reach the manager at ${node('otn1').address}:2377/tcp. Check that ports 2377, 7946, 4789/udp are open between servers.`,
      );
    } finally {
      await unblockPort('otn1', 2377);
    }
  });

  it('should leave the other Swarm when the user asks, and join as a second manager', async () => {
    const res = await api('POST', `/api/servers/${ids['outpost-3']}/provision`, { leaveExistingSwarm: true });
    expect(res.status).toBe(202);
    const s = await settled(ids['outpost-3']);
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ status: 'ready', swarmRole: 'manager' });
    expect((await swarmNodes()).map((n) => n.Hostname).sort()).toEqual(['otn1', 'otn2', 'otn3']);
  });

  it('should refuse a changed host key before any command runs, and accept it only when the user re-trusts it', async () => {
    const accepted = async () =>
      (await onNode('otn2', ['cat', '/var/log/sshd.log'])).split('\n').filter((l) => l.includes('Accepted publickey')).length;
    const after = await rekey('otn2');
    const before = await accepted();
    const checked = await api('POST', `/api/servers/${ids['outpost-2']}/check`);
    expect(checked.body.status).toBe('failed');
    expect(checked.body.lastError).toMatch(/^Server fingerprint has changed! This could indicate a security issue\./);
    expect(await accepted()).toBe(before); // refused before authenticating, so before any command
    const newFingerprint = after.nodes.find((n) => n.name === 'otn2')!.hostKeyFingerprints.ed25519;
    const wrong = await api('PUT', `/api/servers/${ids['outpost-2']}/fingerprint`, {
      fingerprint: node('otn1').hostKeyFingerprints.ed25519,
    });
    expect(wrong.status).toBe(409);
    const fixed = await api('PUT', `/api/servers/${ids['outpost-2']}/fingerprint`, { fingerprint: newFingerprint });
    expect(fixed.status).toBe(200);
    const again = await api('POST', `/api/servers/${ids['outpost-2']}/check`);
    expect(again.body).toMatchObject({ status: 'ready', fingerprint: newFingerprint });
  });

  it('should skip a manager whose sshd is down for the next manager', async () => {
    await sshdStop('otn1');
    try {
      const cluster = (await api('GET', '/api/cluster?refresh=1')).body;
      expect(cluster.managerInUse).toBe(ids['outpost-3']);
      expect(cluster.nodes.map((n: { hostname: string }) => n.hostname).sort()).toEqual(['otn1', 'otn2', 'otn3']);
      expect(cluster.status).toBe('ok');
      const first = (await api('GET', `/api/servers/${ids['outpost-1']}`)).body;
      expect(first.status).toBe('unreachable');
    } finally {
      await sshdStart('otn1');
    }
    const back = await api('POST', `/api/servers/${ids['outpost-1']}/check`);
    expect(back.body.status).toBe('ready');
  });

  it('should remove servers from the Swarm, never the last manager while others remain', async () => {
    expect((await api('DELETE', `/api/servers/${ids['outpost-3']}`)).status).toBe(204);
    expect((await swarmNodes()).map((n) => n.Hostname).sort()).toEqual(['otn1', 'otn2']);
    const refused = await api('DELETE', `/api/servers/${ids['outpost-1']}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_manager');
    expect((await api('DELETE', `/api/servers/${ids['outpost-2']}`)).status).toBe(204);
    expect((await swarmNodes()).map((n) => n.Hostname)).toEqual(['otn1']);
    const info = JSON.parse(await onNode('otn2', ['docker', 'info', '--format', '{{json .Swarm}}']));
    expect(info.LocalNodeState).toBe('inactive');
  });

  it('should never show a private key or passphrase in any response or log line', () => {
    const everything = `${responses.join('\n')}\n${mc.output()}`;
    for (const which of ['ed25519', 'wrong', 'rsaPem', 'ecdsaPass'] as const) {
      const body = key(which)
        .split('\n')
        .filter((l) => l.length > 20 && !l.startsWith('-----'));
      expect(body.length).toBeGreaterThan(0);
      for (const line of body) expect(everything).not.toContain(line);
    }
    expect(everything).not.toContain(bed.keys.ecdsaPassphrase);
    expect(everything).not.toContain('SWMTKN'); // join tokens travel on stdin and stay out of every message
    expect(mc.output()).toContain('"msg":"Mission Control is ready"'); // the log was captured at all
  });
});
