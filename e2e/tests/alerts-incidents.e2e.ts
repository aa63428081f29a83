import { setTimeout as sleep } from 'node:timers/promises';
import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import {
  signatureMatches,
  startSmtpSink,
  startWebhookReceiver,
  type SmtpSink,
  type WebhookReceiver,
} from '../support/notification-receivers.js';
import { deployStack, events } from '../support/telemetry.js';

// When something breaks, somebody hears of it: a healthcheck that fails is "unhealthy" with its
// own output (on the stack and in the deployment's error), a crash loop shows its restarts and
// last exit code, a container killed on a node is "degraded" and then "recovered" on a webhook
// receiver exactly once each, the deploy-failed email reaches a real SMTP server, every webhook
// is signed, and a channel URL on the metadata address is refused. Receivers listen on loopback, which the product refuses unless allowed:
// OTTERNAUTS_NOTIFY_ALLOW=127.0.0.1 allows that address and nothing else.
const WATCH_S = 2;
const GRACE_S = 8;
/** Swarm waits this long before it restarts a killed task: the outage outlasts the grace period. */
const RESTART_DELAY_S = 30;
const PROBE = 'otter-probe: the database refused the connection';
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

const CLINIC = `services:
  sick:
    image: local/busybox:1
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "sh", "-c", "echo '${PROBE}'; exit 1"]
      interval: 1s
      timeout: 2s
      retries: 1
      start_period: 0s
    deploy:
      endpoint_mode: dnsrr
      restart_policy:
        condition: any
        delay: 3s
`;
const LOOPER = `services:
  app:
    image: local/busybox:1
    command: ["sh", "-c", "exit 3"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      restart_policy:
        condition: any
        delay: 1s
`;
const STEADY = `services:
  web:
    image: local/busybox:1
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      restart_policy:
        condition: any
        delay: ${RESTART_DELAY_S}s
      placement:
        constraints: ["node.hostname == otn2"]
`;

describe('health, incidents and notifications on a real Swarm', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  let hooks: WebhookReceiver;
  let smtp: SmtpSink;
  let hookChannelId: string;
  let signingSecret: string;
  const figures: string[] = [];

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    smtp = await startSmtpSink();
    bed = await testbedUp({ nodes: 2 });
    mc = await startMissionControl(newDataDir('alerts'), {
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
      OTTERNAUTS_DEPLOY_TIMEOUT: '90',
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_WATCH_INTERVAL: String(WATCH_S),
      OTTERNAUTS_DEGRADED_GRACE: String(GRACE_S),
      OTTERNAUTS_METRICS_INTERVAL: '5',
      OTTERNAUTS_NOTIFY_ALLOW: '127.0.0.1',
    });
    ({ api, responses } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, 'root');
  }, 600_000);

  afterAll(async () => {
    if (figures.length) console.log(`alerts figures:\n${figures.join('\n')}`);
    await mc?.stop();
    await testbedDown();
    await hooks?.stop();
    await smtp?.stop();
  }, 300_000);

  it('should refuse channel URLs on the metadata address, link-local and loopback, and save nothing', async () => {
    const tries: [string, Record<string, unknown>, RegExp][] = [
      ['webhook', { secrets: { url: 'http://169.254.169.254/latest/meta-data/' } }, /url/i],
      ['webhook', { secrets: { url: 'http://[::ffff:169.254.169.254]/latest/meta-data/' } }, /url/i],
      ['slack', { secrets: { url: 'http://169.254.169.254/hooks' } }, /url/i],
      ['discord', { secrets: { url: 'http://169.254.10.20/api/webhooks/1/x' } }, /url/i],
      ['ntfy', { settings: { server: 'http://169.254.169.254', topic: 'otto' } }, /server/i],
      // loopback too, except the one address the setting allows
      ['webhook', { secrets: { url: 'http://[::1]:9/hooks' } }, /url/i],
      ['webhook', { secrets: { url: 'http://127.0.0.2:9/hooks' } }, /url/i],
      [
        'email',
        { settings: { host: '169.254.169.254', port: 25, security: 'none', from: 'otto@otternauts.test', to: ['ops@example.test'] } },
        /host/i,
      ],
    ];
    for (const [i, [kind, parts, field]] of tries.entries()) {
      const res = await api('POST', '/api/notifications/channels', {
        name: `refused-${i}`,
        kind,
        events: [],
        stacks: [],
        enabled: true,
        ...parts,
      });
      expect({ kind, parts, status: res.status }).toEqual({ kind, parts, status: 400 });
      expect(res.text).toMatch(field);
    }
    const list = await api('GET', '/api/notifications/channels');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
  });

  it('should sign every webhook so the receiver can verify it, and keep the URL and signing secret out of every view', async () => {
    const created = await api('POST', '/api/notifications/channels', {
      name: 'ops-hook',
      kind: 'webhook',
      settings: {},
      secrets: { url: hooks.url },
      events: ['service.degraded', 'service.recovered', 'service.unhealthy', 'deploy.failed'],
      stacks: [],
      enabled: true,
    });
    expect(created.status).toBe(201);
    hookChannelId = created.body.id;
    signingSecret = created.body.signingSecret;
    expect(signingSecret).toMatch(/^\S{16,}$/);
    hooks.setSecret(signingSecret);

    const test = await api('POST', `/api/notifications/channels/${hookChannelId}/test`);
    expect(test.status).toBeLessThan(300);
    expect(test.body).toMatchObject({ status: 'sent', responseStatus: 204 });
    expect(hooks.requests).toHaveLength(1);
    const [req] = hooks.requests;
    expect(req.signatureValid).toBe(true);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers['x-otternauts-delivery']).toBe(test.body.id);
    expect(req.headers['x-otternauts-timestamp']).toBeTruthy();
    expect(req.json).not.toBeNull();
    // what a forger without the secret sends does not verify
    expect(signatureMatches('not-the-secret', req.raw, req.headers['x-otternauts-signature'])).toBe(false);
    expect(signatureMatches(signingSecret, `${req.raw} `, req.headers['x-otternauts-signature'])).toBe(false);

    const view = await api('GET', `/api/notifications/channels/${hookChannelId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      name: 'ops-hook',
      kind: 'webhook',
      secretsSet: expect.arrayContaining(['url']),
      target: '127.0.0.1',
    });
    const listed = await api('GET', '/api/notifications/channels');
    for (const text of [view.text, listed.text]) {
      expect(text).not.toContain(signingSecret);
      expect(text).not.toContain('/hooks/otto');
    }
    const deliveries = await api('GET', `/api/notifications/channels/${hookChannelId}/deliveries?limit=10`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body[0]).toMatchObject({ id: test.body.id, status: 'sent', responseStatus: 204 });
  });

  it('should fail the deployment of an unhealthy service with its health-check output, show it on the stack, and email the failure', async () => {
    const email = await api('POST', '/api/notifications/channels', {
      name: 'ops-mail',
      kind: 'email',
      settings: { host: smtp.host, port: smtp.port, security: 'none', from: 'otto@otternauts.test', to: ['ops@example.test'] },
      secrets: {},
      events: ['deploy.failed'],
      stacks: [],
      enabled: true,
    });
    expect(email.status).toBe(201);

    const { stackId, deployment } = await deployStack(api, 'clinic', CLINIC, 200_000);
    figures.push(`clinic: ${deployment.status}: ${deployment.error}`);
    expect(deployment.status).toBe('failed');
    expect(deployment.error).toMatch(/Service sick is unhealthy: /);
    expect(deployment.error).toContain(PROBE);

    const sick = await waitFor(
      'sick shown unhealthy with its output',
      async () => {
        const s = (await api('GET', `/api/stacks/${stackId}`)).body.services.find((x: any) => x.name === 'sick');
        return s?.health?.state === 'unhealthy' && s.health.output?.includes(PROBE) ? s : undefined;
      },
      90_000,
      1000,
    );
    expect(sick.health.message).toMatch(/^Service sick is unhealthy: /);
    expect(sick.health.message).toContain(PROBE);

    const unhealthy = await waitFor(
      'a service.unhealthy event',
      async () => {
        const e = await events(api, `kind=service.unhealthy&stackId=${stackId}`);
        return e.length ? e : undefined;
      },
      60_000,
      1000,
    );
    expect(unhealthy[0]).toMatchObject({ service: 'clinic_sick', phase: 'open', incidentKey: 'service.unhealthy:clinic_sick' });
    expect(unhealthy[0].details.output).toContain(PROBE);

    // the email: subject and body name the stack, its version and the reason
    const mail = await waitFor(
      'the deploy-failed email',
      async () => smtp.messages().find((m) => m.subject.includes('clinic')),
      60_000,
      500,
    );
    figures.push(`email: ${mail.subject}`);
    expect(mail.subject).toBe('[Otternauts] Deploy of clinic failed (version 1)');
    expect(mail.rcptTos).toEqual(['ops@example.test']);
    expect(mail.mailFrom).toBe('otto@otternauts.test');
    const body = norm(mail.text ?? '');
    expect(body).toContain('clinic');
    expect(body).toMatch(/Stack: clinic\b/);
    expect(body).toMatch(/Version: 1\b/);
    expect(body).toContain(norm(deployment.error));

    // the webhook heard of the same failure, signed
    const failed = await waitFor(
      'deploy.failed on the webhook',
      async () => hooks.requests.find((r) => r.event === 'deploy.failed' && r.raw.includes('clinic')),
      60_000,
      500,
    );
    expect(failed.signatureValid).toBe(true);
    expect(failed.raw).toContain(PROBE);
    expect(await api('DELETE', `/api/stacks/${stackId}`)).toMatchObject({ status: 204 });
  }, 400_000);

  it('should show a crash-looping service with its restart count and last exit code', async () => {
    const { stackId, deployment } = await deployStack(api, 'looper', LOOPER);
    expect(deployment.status).toBe('failed');
    const app = await waitFor(
      'app shown crash-looping',
      async () => {
        const s = (await api('GET', `/api/stacks/${stackId}`)).body.services.find((x: any) => x.name === 'app');
        return s?.health?.state === 'crash_loop' && s.health.restarts >= 2 ? s : undefined;
      },
      60_000,
      1000,
    );
    figures.push(`looper: ${app.health.message}`);
    expect(app.health).toMatchObject({ lastExitCode: 3, output: null });
    expect(app.health.message).toMatch(/^Service app keeps crashing: \d+ tasks in a row failed, last exit code 3/);
    // Swarm's own task list agrees on how many times it had to start one again
    const ps = await nodeExec('otn1', ['docker', 'service', 'ps', '--format', '{{.Error}}', 'looper_app']);
    const failed = ps.stdout.split('\n').filter((l) => l.includes('non-zero exit (3)')).length;
    expect(app.health.restarts).toBeLessThanOrEqual(failed + 1); // a task may fail between the two looks
    expect(app.health.restarts).toBeGreaterThanOrEqual(Math.min(failed, 2));
    const loop = await waitFor(
      'a service.crash_loop event',
      async () => {
        const e = await events(api, `kind=service.crash_loop&stackId=${stackId}`);
        return e.length ? e : undefined;
      },
      60_000,
      1000,
    );
    expect(loop).toHaveLength(1);
    expect(loop[0]).toMatchObject({ service: 'looper_app', incidentKey: 'service.crash_loop:looper_app', details: { lastExitCode: 3 } });
    expect(await api('DELETE', `/api/stacks/${stackId}`)).toMatchObject({ status: 204 });
  }, 300_000);

  it('should tell the webhook "degraded" then "recovered", exactly once each, when a container is killed on a node', async () => {
    const { stackId, deployment } = await deployStack(api, 'steady', STEADY);
    expect(deployment.status).toBe('succeeded');
    const about = (kind: string) => hooks.requests.filter((r) => r.event === kind && r.raw.includes('steady'));
    expect(about('service.degraded')).toHaveLength(0);

    const ps = await nodeExec('otn2', ['docker', 'ps', '-q', '--filter', 'label=com.docker.swarm.service.name=steady_web']);
    expect(ps.stdout.trim()).toMatch(/^[0-9a-f]{12}$/);
    const killedAt = Date.now();
    expect((await nodeExec('otn2', ['docker', 'kill', ps.stdout.trim()])).code).toBe(0);

    const degraded = await waitFor('degraded on the webhook', async () => about('service.degraded')[0], (RESTART_DELAY_S + 30) * 1000, 250);
    const recovered = await waitFor('recovered on the webhook', async () => about('service.recovered')[0], 120_000, 250);
    figures.push(
      `steady: degraded ${((degraded.at - killedAt) / 1000).toFixed(1)} s and recovered ${((recovered.at - killedAt) / 1000).toFixed(1)} s after the kill (grace ${GRACE_S} s, restart delay ${RESTART_DELAY_S} s)`,
    );
    // degraded only once the grace period is over, recovered once Swarm restarted the task
    expect(degraded.at - killedAt).toBeGreaterThanOrEqual(GRACE_S * 1000);
    expect(recovered.at).toBeGreaterThan(degraded.at);
    // several watch rounds later: still one of each
    await sleep(5 * WATCH_S * 1000 + 5000);
    expect(about('service.degraded')).toHaveLength(1);
    expect(about('service.recovered')).toHaveLength(1);
    for (const r of [degraded, recovered]) expect(r.signatureValid).toBe(true);

    const recorded = await events(api, `kind=service.degraded,service.recovered&stackId=${stackId}`);
    expect(recorded.map((e) => [e.kind, e.incidentKey])).toEqual([
      ['service.recovered', 'service.degraded:steady_web'],
      ['service.degraded', 'service.degraded:steady_web'],
    ]);
    const open = (await api('GET', '/api/events/open')).body.incidents;
    expect(open.filter((e: any) => e.incidentKey === 'service.degraded:steady_web')).toEqual([]);
    // the channel's delivery results say the same, by the ids the receiver was given
    const deliveries = (await api('GET', `/api/notifications/channels/${hookChannelId}/deliveries?limit=50`)).body;
    const result = (r: typeof degraded) => deliveries.find((d: any) => d.id === r.headers['x-otternauts-delivery']);
    expect(result(degraded)).toMatchObject({ kind: 'incident', status: 'sent', responseStatus: 204 });
    expect(result(recovered)).toMatchObject({ kind: 'resolved', status: 'sent', responseStatus: 204 });
    // the signing secret was shown once, in the answer that created the channel, and never again
    expect(responses.filter((r) => r.includes(signingSecret))).toHaveLength(1);
  }, 300_000);
});
