import { describe, expect, it } from '@jest/globals';
import { elements, renderComponent, textOf } from '#lib/testing/render-component.ts';
import type { DomainShield, ServerSeries, ServiceHealthInfo, ServiceSeries } from '#lib/metrics/metrics.types.ts';

const health = (overrides: Partial<ServiceHealthInfo>): ServiceHealthInfo => ({
  state: 'healthy',
  message: null,
  output: null,
  restarts: 0,
  lastExitCode: null,
  since: null,
  ...overrides,
});

describe('ServiceHealth', () => {
  it('should render an unhealthy service with its last health-check output, escaped', async () => {
    const html = await renderComponent('components/ServiceHealth.svelte', {
      service: 'web',
      health: health({ state: 'unhealthy', output: 'curl: (7) Failed <to> connect' }),
    });

    expect(textOf(html)).toContain('Unhealthy Service web is unhealthy Last health-check output:');
    expect(html).toMatch(/<pre class="output[^"]*">curl: \(7\) Failed &lt;to> connect<\/pre>/);
  });

  it('should render a crash loop with its restarts and last exit code', async () => {
    const html = await renderComponent('components/ServiceHealth.svelte', {
      service: 'worker',
      health: health({ state: 'crash_loop', restarts: 6, lastExitCode: 137 }),
    });

    expect(textOf(html)).toBe('Crash loop Service worker keeps crashing restarts: 6 · last exit code 137');
  });

  it('should render nothing for a healthy service', async () => {
    const html = await renderComponent('components/ServiceHealth.svelte', { service: 'web', health: health({}) });

    expect(textOf(html)).toBe('');
  });
});

describe('ServiceList', () => {
  it("should show each service's health inside its card", async () => {
    const service = (name: string, h: ServiceHealthInfo | undefined) => ({
      name,
      fullName: `shop_${name}`,
      image: 'nginx',
      mode: 'replicated',
      replicasRunning: 1,
      replicasDesired: 1,
      domains: [],
      tasks: [],
      health: h,
    });

    const html = await renderComponent('components/ServiceList.svelte', {
      stackId: 'st1',
      services: [service('web', health({ state: 'unhealthy', output: 'exit 1' })), service('db', undefined)],
    });
    const [web, db] = elements(html, 'li').map(textOf);

    expect(web).toContain('Service web is unhealthy');
    expect(web).toContain('exit 1');
    expect(db).not.toContain('unhealthy');
  });
});

describe('ServiceMetrics', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 1, 0, s)).toISOString();

  it('should chart CPU and memory with the replicas sum and each node', async () => {
    const service: ServiceSeries = {
      name: 'web',
      fullName: 'shop_web',
      points: [{ at: at(0), cpuPercent: 30, memoryBytes: 300 * 1024 ** 2, containers: 2 }],
      nodes: [
        { serverId: 's1', serverName: 'node-1', points: [{ at: at(0), cpuPercent: 10, memoryBytes: 100 * 1024 ** 2, containers: 1 }] },
        { serverId: 's2', serverName: 'node-2', points: [{ at: at(0), cpuPercent: 20, memoryBytes: 200 * 1024 ** 2, containers: 1 }] },
      ],
    };

    const html = await renderComponent('components/ServiceMetrics.svelte', { service, intervalSeconds: 30 });

    expect(html).toContain('aria-label="CPU of web, latest: All replicas 30 %, node-1 10 %, node-2 20 %"');
    expect(html).toContain('aria-label="Memory of web, latest: All replicas 300 MiB, node-1 100 MiB, node-2 200 MiB"');
  });

  it('should say when Otto looks next instead of drawing empty charts', async () => {
    const service: ServiceSeries = { name: 'worker', fullName: 'shop_worker', points: [], nodes: [] };

    const html = await renderComponent('components/ServiceMetrics.svelte', { service, intervalSeconds: 30 });

    expect(textOf(html)).toBe('worker No samples yet: Otto looks every 30 s.');
    expect(html).not.toContain('role="img"');
  });
});

describe('ServerVitals', () => {
  it("should list each server's latest CPU, load, memory and disk in words", async () => {
    const servers: ServerSeries[] = [
      {
        id: 's1',
        name: 'node-1',
        points: [],
        latest: {
          at: new Date().toISOString(),
          cpuPercent: 12.5,
          cpuCount: 2,
          memoryUsedBytes: 1.5 * 1024 ** 3,
          memoryTotalBytes: 4 * 1024 ** 3,
          load1: 0.5,
          diskFreeBytes: 20 * 1024 ** 3,
          diskTotalBytes: 40 * 1024 ** 3,
        },
      },
      { id: 's2', name: 'node-2', points: [], latest: null },
    ];

    const html = await renderComponent('components/ServerVitals.svelte', { servers, intervalSeconds: 30 });
    const rows = elements(html, 'tr').slice(1).map(textOf);

    expect(rows).toEqual([
      'node-1 12.5 % of 2 cores 0.50 1.5 GiB of 4 GiB 20 GiB free of 40 GiB',
      'node-2 No samples yet: Otto looks every 30 s.',
    ]);
  });
});

describe('DomainShieldList', () => {
  it('should show DNS and the certificate of each domain with the retry time', async () => {
    const shield: DomainShield = {
      domain: 'shop.example.com',
      service: 'web',
      dns: {
        status: 'elsewhere',
        addresses: ['203.0.113.9'],
        nodes: ['10.77.0.11'],
        checkedAt: null,
        message: 'Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node',
      },
      certificate: { status: 'rate_limited', message: 'Too many certificates', retryAfter: '2026-12-02T03:00:00.000Z', seenAt: null },
    };

    const text = textOf(await renderComponent('components/DomainShieldList.svelte', { domains: [shield] }));

    expect(text).toContain('shop.example.com Service web');
    expect(text).toContain(
      'DNS Not pointing at the cluster Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node',
    );
    expect(text).toContain('Certificate Rate limited Too many certificates');
    expect(text).toMatch(/Let's Encrypt allows a retry after Dec 2, 2026/);
  });
});
