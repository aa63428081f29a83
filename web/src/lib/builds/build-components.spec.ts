import { describe, expect, it } from '@jest/globals';
import { elements, renderComponent, textOf } from '#lib/testing/render-component.ts';
import type { Build } from './dto.ts';

const DIGEST = 'sha256:3d83d3eafb56899d040717805a9b8c246fe8981ecaa298f19d005889b5994153';

function build(overrides: Partial<Build> = {}): Build {
  return {
    id: 'b1',
    service: 'web',
    image: '10.77.0.11:5000/shop/web:4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a',
    digest: DIGEST,
    status: 'succeeded',
    serverName: 'otn2',
    cachedSteps: 3,
    totalSteps: 7,
    error: null,
    startedAt: '2026-12-02T05:00:00.000Z',
    finishedAt: '2026-12-02T05:01:05.000Z',
    durationMs: 65_000,
    logLines: 40,
    ...overrides,
  };
}

describe('BuildTable', () => {
  it('should show each build with its server, cached steps, duration and short digest (the full one on hover)', async () => {
    const html = await renderComponent('components/BuildTable.svelte', {
      builds: [build()],
      version: 4,
      open: [],
      ontoggle: () => undefined,
    });
    const [row] = elements(html, 'tr').slice(1);

    expect(textOf(row)).toContain('web');
    expect(textOf(row)).toContain('Built');
    expect(textOf(row)).toContain('otn2');
    expect(textOf(row)).toContain('3 of 7 steps cached');
    expect(textOf(row)).toContain('1 min 05 s');
    expect(textOf(row)).toContain('sha256:3d83d3eafb56');
    expect(textOf(row)).not.toContain(DIGEST);
    expect(row).toContain(`title="${DIGEST}"`);
    expect(textOf(row)).toContain('Copy digest');
    expect(textOf(html)).toContain('Images built for version 4');
  });

  it("should show a failed build's error and no digest, and its log as open", async () => {
    const failed = build({
      status: 'failed',
      digest: null,
      error: 'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    });
    const html = await renderComponent('components/BuildTable.svelte', {
      builds: [failed],
      version: 2,
      open: ['b1'],
      ontoggle: () => undefined,
    });
    const text = textOf(html);

    expect(text).toContain('Failed');
    expect(text).toContain('did not complete successfully: exit code: 1');
    expect(text).toContain('Not pushed yet');
    expect(html).toMatch(/aria-expanded="true"[^>]*>Hide log/);
  });

  it('should say a build is queued and has not been counted or placed yet', async () => {
    const queued = build({
      status: 'queued',
      serverName: null,
      cachedSteps: null,
      totalSteps: null,
      digest: null,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    });
    const text = textOf(
      await renderComponent('components/BuildTable.svelte', { builds: [queued], version: 1, open: [], ontoggle: () => undefined }),
    );

    expect(text).toContain('Queued');
    expect(text).toContain('Not started');
    expect(text).toContain('Not counted');
    expect(text).toContain('Show log web');
  });
});

describe('DigestLabel', () => {
  it('should name the service and the whole digest to screen readers', async () => {
    const html = await renderComponent('components/DigestLabel.svelte', { digest: DIGEST, subject: 'api' });
    expect(html).toContain(`aria-label="Digest of api: ${DIGEST}"`);
    expect(textOf(html)).toMatch(/^sha256:3d83d3eafb56 Copy digest/);
  });
});

describe('ServiceList', () => {
  const service = (digest: string | null) => ({
    name: 'web',
    fullName: 'shop_web',
    image: '10.77.0.11:5000/shop/web:abc',
    mode: 'replicated',
    replicasRunning: 2,
    replicasDesired: 2,
    domains: [],
    tasks: [],
    health: null,
    digest,
  });

  it('should show the digest a service is pinned to, and nothing for one running an unpinned tag', async () => {
    const pinned = textOf(await renderComponent('components/ServiceList.svelte', { stackId: 's1', services: [service(DIGEST)] }));
    expect(pinned).toContain('Pinned to sha256:3d83d3eafb56');
    const unpinned = textOf(await renderComponent('components/ServiceList.svelte', { stackId: 's1', services: [service(null)] }));
    expect(unpinned).not.toContain('Pinned to');
  });
});
