import { hostsAdd, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { deployStack, events } from '../support/telemetry.js';

// Shields told the truth: before a deploy every domain is resolved from a manager and compared
// with the nodes' addresses. The test bed has no DNS, so what a name resolves to is set in the
// manager's own /etc/hosts: one domain points at a node (no warning), one at an address that is
// no node (a warning naming both), one resolves nowhere (a warning). Nothing is ever sent to
// those addresses; only their resolution matters. Traefik cannot run here: its ACME log lines are
// the certificates helper's unit spec (fixtures); this suite checks the API around them.
const NODE_DOMAIN = 'shop.example.test';
const NOWHERE = 'nowhere.example.test';
const AWAY = 'away.example.test';
const AWAY_ADDRESS = '10.77.0.99'; // in the test bed's subnet, on no node

const FILE = `services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /www && echo shields > /www/index.html && exec httpd -f -p 8080 -h /www"]
    expose:
      - "8080"
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
    x-otternauts:
      domains:
        - ${NODE_DOMAIN}
        - ${NOWHERE}
  api:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /www && echo api > /www/index.html && exec httpd -f -p 8081 -h /www"]
    expose:
      - "8081"
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
    x-otternauts:
      domains:
        - ${AWAY}
`;
const lineOf = (text: string) => FILE.split('\n').findIndex((l) => l.trim() === `- ${text}`) + 1;
const columnOf = (text: string) => FILE.split('\n')[lineOf(text) - 1].indexOf(text) + 1;

describe('DNS of the domains a stack asks for, checked from a manager', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let stackId: string;
  let nodes: string;
  const dnsWarnings = (warnings: { message: string }[]) => warnings.filter((w) => w.message.startsWith('Cannot obtain certificate'));

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    nodes = bed.nodes.map((n) => n.address).join(', ');
    mc = await startMissionControl(newDataDir('shields'), {
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
    });
    ({ api } = recordingApi(mc));
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should say nothing about DNS while there is no manager to ask', async () => {
    const v = await api('POST', '/api/stacks/validate', { name: 'shields', configuration: FILE });
    expect(v.status).toBe(200);
    expect(v.body.valid).toBe(true);
    expect(dnsWarnings(v.body.warnings)).toEqual([]);
  });

  it("should warn, on the domain's own line, about a domain that does not resolve to a node, and not about one that does", async () => {
    await onboardCluster(api, bed, bed.nodes, 'root');
    await hostsAdd('otn1', bed.nodes[1].address, [NODE_DOMAIN]);
    await hostsAdd('otn1', AWAY_ADDRESS, [AWAY]);

    const v = await api('POST', '/api/stacks/validate', { name: 'shields', configuration: FILE });
    expect(v.status).toBe(200);
    expect(v.body.valid).toBe(true); // a warning: the deploy may go ahead
    const warnings = dnsWarnings(v.body.warnings);
    expect(warnings).toHaveLength(2);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: `Cannot obtain certificate for ${NOWHERE}: DNS does not resolve (no address for ${NOWHERE})`,
          line: lineOf(NOWHERE),
          column: columnOf(NOWHERE),
        }),
        expect.objectContaining({
          message: `Cannot obtain certificate for ${AWAY}: DNS does not resolve to a cluster node (it resolves to ${AWAY_ADDRESS}; the nodes are ${nodes})`,
          line: lineOf(AWAY),
          column: columnOf(AWAY),
        }),
      ]),
    );
    expect(JSON.stringify(v.body.warnings)).not.toContain(NODE_DOMAIN);
  });

  it("should check the domains when it deploys, show each one's DNS and certificate, and record the problems", async () => {
    const { stackId: id, deployment } = await deployStack(api, 'shields', FILE);
    stackId = id;
    expect(deployment.status).toBe('succeeded');
    const domains = await waitFor(
      'the three domains checked',
      async () => {
        const res = await api('GET', `/api/stacks/${stackId}/domains`);
        if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
        return res.body.domains.length === 3 && res.body.domains.every((d: any) => d.dns.checkedAt) ? res.body.domains : undefined;
      },
      60_000,
      1000,
    );
    const of = (domain: string) => domains.find((d: any) => d.domain === domain);
    expect(of(NODE_DOMAIN)).toMatchObject({ service: 'web', dns: { status: 'ok', addresses: [bed.nodes[1].address], message: null } });
    expect(of(NOWHERE)).toMatchObject({
      service: 'web',
      dns: {
        status: 'unresolved',
        addresses: [],
        message: `Cannot obtain certificate for ${NOWHERE}: DNS does not resolve (no address for ${NOWHERE})`,
      },
    });
    expect(of(AWAY)).toMatchObject({ service: 'api', dns: { status: 'elsewhere', addresses: [AWAY_ADDRESS] } });
    expect(of(AWAY).dns.message).toContain(`it resolves to ${AWAY_ADDRESS}; the nodes are ${nodes}`);
    for (const d of domains) {
      expect(d.dns.nodes).toEqual(expect.arrayContaining(bed.nodes.map((n) => n.address)));
      // no Traefik runs in the test bed: nothing is known of the certificates, and nothing made up
      expect(['unknown', 'ok', 'dns', 'challenge', 'rate_limited', 'account', 'error']).toContain(d.certificate.status);
    }

    const problems = await waitFor(
      'certificate.problem events',
      async () => {
        const e = await events(api, `kind=certificate.problem&stackId=${stackId}`);
        return e.length >= 2 ? e : undefined;
      },
      60_000,
      1000,
    );
    expect(problems.map((e) => e.incidentKey).sort()).toEqual([`certificate.problem:${AWAY}`, `certificate.problem:${NOWHERE}`]);
  });

  it("should clear a domain's warning and close its incident once it points at a node", async () => {
    await hostsAdd('otn1', bed.nodes[0].address, [NOWHERE]);
    const checked = await api('POST', `/api/stacks/${stackId}/domains/check`);
    expect(checked.status).toBe(200);
    const nowhere = checked.body.domains.find((d: any) => d.domain === NOWHERE);
    expect(nowhere.dns).toMatchObject({ status: 'ok', addresses: [bed.nodes[0].address], message: null });
    expect(checked.body.domains.find((d: any) => d.domain === AWAY).dns.status).toBe('elsewhere');
    const ok = await waitFor(
      'certificate.ok for the fixed domain',
      async () => {
        const e = await events(api, `kind=certificate.ok&stackId=${stackId}`);
        return e.length ? e : undefined;
      },
      30_000,
      1000,
    );
    expect(ok.map((e) => e.incidentKey)).toEqual([`certificate.problem:${NOWHERE}`]);
    const v = await api('POST', '/api/stacks/validate', { name: 'shields', configuration: FILE });
    expect(dnsWarnings(v.body.warnings).map((w: { message: string }) => w.message)).toEqual([
      expect.stringContaining(`Cannot obtain certificate for ${AWAY}`),
    ]);
    expect((await api('GET', '/api/stacks/no-such-stack/domains')).status).toBe(404);
  });
});
