import { describe, expect, it } from '@jest/globals';
import { elements, renderComponent, textOf } from '#lib/testing/render-component.ts';
import { NO_FILTERS } from './filters.ts';
import type { EventView } from './types.ts';

function event(overrides: Partial<EventView> = {}): EventView {
  return {
    id: 'e1',
    at: '2026-12-02T01:00:00.000Z',
    kind: 'deploy.failed',
    severity: 'error',
    message: 'Deploy of shop failed (version 3)',
    stackId: 'st1',
    stackName: 'shop',
    service: null,
    serverId: null,
    serverName: null,
    deploymentId: 'd1',
    incidentKey: null,
    phase: null,
    actor: 'push',
    details: {},
    ...overrides,
  };
}

describe('TimelineEvent', () => {
  it('should show severity, kind, message, links and the deploy’s details', async () => {
    const html = await renderComponent('components/TimelineEvent.svelte', {
      event: event({
        details: { version: 3, trigger: 'push', commit: { sha: '4f2a9c1e0b', subject: 'Bump <shop>' }, reason: 'Failed to pull image' },
      }),
    });
    const text = textOf(html);

    expect(text).toMatch(/^Error Deploy failed /);
    expect(text).toContain('Deploy of shop failed (version 3)');
    expect(text).toContain('Version 3 Trigger Started by a push Commit 4f2a9c1 Subject Bump <shop>');
    expect(text).toContain('Reason Failed to pull image');
    expect(text).toContain('By a Git push');
    expect(html).toContain('href="/stacks/st1"');
    expect(html).toMatch(/<a href="\/stacks\/st1#deployment-d1">Deployment of version 3<\/a>/);
    expect(html).toContain('Bump &lt;shop>');
  });

  it('should show health-check output as preformatted text and link the service and server', async () => {
    const html = await renderComponent('components/TimelineEvent.svelte', {
      event: event({
        kind: 'service.unhealthy',
        message: 'Service web is unhealthy',
        service: 'shop_web',
        serverId: 'srv1',
        serverName: 'outpost-1',
        actor: 'system',
        details: { output: 'curl: (7) refused' },
      }),
    });

    expect(elements(html, 'pre')).toEqual(['curl: (7) refused']);
    expect(html).toContain('href="/stacks/st1#service-web"');
    expect(html).toContain('href="/servers#server-srv1"');
    expect(textOf(html)).not.toContain('By system');
  });

  it('should show an unknown kind and severity as they are', async () => {
    const text = textOf(
      await renderComponent('components/TimelineEvent.svelte', {
        event: event({ kind: 'rocket.launched' as never, severity: 'fatal' as never }),
      }),
    );

    expect(text).toMatch(/^fatal rocket\.launched /);
  });

  it('should mark a resolution', async () => {
    const text = textOf(
      await renderComponent('components/TimelineEvent.svelte', {
        event: event({ kind: 'service.recovered', severity: 'success', phase: 'resolved' }),
      }),
    );

    expect(text).toMatch(/^Success Service recovered resolved /);
  });
});

describe('OpenIncidents', () => {
  it('should list every open incident with its count', async () => {
    const html = await renderComponent('components/OpenIncidents.svelte', {
      incidents: [event({ id: 'a', kind: 'disk.low', severity: 'warning', message: 'Disk low on outpost-2' }), event({ id: 'b' })],
    });

    expect(textOf(elements(html, 'h2')[0])).toBe('Open incidents 2');
    expect(elements(html, 'article').map((a) => /id="event-(\w+)-message"/.exec(a)?.[1])).toEqual(['a', 'b']);
    expect(textOf(html)).toContain('Disk low on outpost-2');
  });

  it('should say all is calm when nothing is open', async () => {
    expect(textOf(await renderComponent('components/OpenIncidents.svelte', { incidents: [] }))).toBe(
      'Open incidents 0 No open incidents. Every fleet is flying as it should.',
    );
  });
});

describe('EventFilters', () => {
  const props = {
    stacks: [{ id: 'st1', name: 'shop' }],
    servers: [{ id: 'srv1', name: 'outpost-1' }],
    onchange: () => undefined,
  };

  it('should check the chosen groups and severities and select the stack and server', async () => {
    const html = await renderComponent('components/EventFilters.svelte', {
      ...props,
      filters: { groups: ['deploys'], severities: ['error', 'warning'], stackId: 'st1', serverId: 'srv1' },
    });
    const checked = [...html.matchAll(/<input type="checkbox" checked[^>]*\/?>\s*(?:<!---->)?\s*([A-Za-z]+)/g)].map((m) => m[1]);

    expect(checked).toEqual(['Deploys', 'Error', 'Warning']);
    expect(html).toMatch(/<option value="st1" selected[^>]*>shop<\/option>/);
    expect(html).toMatch(/<option value="srv1" selected[^>]*>outpost-1<\/option>/);
    expect(textOf(html)).toContain('Clear filters');
  });

  it('should offer a stack a link names even when it is gone, and no Clear without filters', async () => {
    const gone = await renderComponent('components/EventFilters.svelte', { ...props, filters: { ...NO_FILTERS, stackId: 'old-stack' } });
    expect(gone).toMatch(/<option value="old-stack" selected[^>]*>old-stack<\/option>/);

    const none = await renderComponent('components/EventFilters.svelte', { ...props, filters: NO_FILTERS });
    expect(none).not.toMatch(/checked/);
    expect(textOf(none)).not.toContain('Clear filters');
  });
});
