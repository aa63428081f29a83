import { describe, expect, it } from '@jest/globals';
import { elements, renderComponent, textOf } from '#lib/testing/render-component.ts';
import { VERIFY_EXAMPLE } from './signature.ts';
import type { ChannelView } from './types.ts';

function channel(overrides: Partial<ChannelView> = {}): ChannelView {
  return {
    id: 'ch1',
    name: 'ops',
    kind: 'webhook',
    settings: {},
    secretsSet: ['url', 'signingSecret'],
    target: 'hooks.example.com',
    events: [],
    stacks: [],
    enabled: true,
    createdAt: '2026-12-02T01:00:00.000Z',
    updatedAt: '2026-12-02T01:00:00.000Z',
    lastDelivery: null,
    ...overrides,
  };
}

const formProps = {
  stacks: [{ id: 'st1', name: 'shop' }],
  submit: () => Promise.reject(new Error('not called')),
  onsaved: () => undefined,
};

/** The label text of every input, by id. */
function labels(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<label for="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].map((m) => [m[1], textOf(m[2])]));
}

describe('ChannelForm', () => {
  it('should start as a new webhook: its kinds, name, URL and optional signing secret', async () => {
    const html = await renderComponent('components/ChannelForm.svelte', formProps);

    expect(textOf(elements(html, 'h2')[0])).toBe('Add a channel');
    expect(elements(html, 'legend').map(textOf)).toEqual(['Kind', 'Events', 'Stacks']);
    expect(labels(html)).toEqual({
      'channel-new-name': 'Name',
      'channel-new-url': 'Webhook URL',
      'channel-new-signingSecret': 'Signing secret (optional)',
    });
    expect(html).toMatch(/<input id="channel-new-signingSecret" type="password"/);
    expect(textOf(html)).toContain('Add channel');
  });

  it('should show a stored secret as set, with an empty field that replaces it, and never its value', async () => {
    const html = await renderComponent('components/ChannelForm.svelte', {
      ...formProps,
      channel: channel({ kind: 'slack', secretsSet: ['url'], target: 'hooks.slack.com' }),
    });

    expect(textOf(elements(html, 'h2')[0])).toBe('Edit ops');
    expect(labels(html)['channel-ch1-url']).toBe('Replace Slack incoming webhook URL (optional)');
    expect(textOf(html)).toContain('Set');
    expect(textOf(html)).toContain('Leave empty to keep it');
    expect(html).toMatch(/<input id="channel-ch1-url" type="url"[^>]*value=""/);
    // the kind cannot change on an edit
    expect(html).not.toContain('name="channel-ch1-kind"');
  });

  it('should fill an email channel’s settings and offer to remove its stored password', async () => {
    const html = await renderComponent('components/ChannelForm.svelte', {
      ...formProps,
      channel: channel({
        kind: 'email',
        settings: {
          host: 'smtp.example.com',
          port: 465,
          security: 'tls',
          from: 'otto@example.com',
          to: ['a@example.com', 'b@example.com'],
        },
        secretsSet: ['password'],
        events: ['deploy.failed'],
        stacks: ['st1'],
      }),
    });

    expect(html).toMatch(/<input id="channel-ch1-host"[^>]*value="smtp.example.com"/);
    expect(html).toMatch(/<input id="channel-ch1-port"[^>]*value="465"/);
    expect(html).toMatch(/<textarea id="channel-ch1-to"[^>]*>a@example.com, b@example.com<\/textarea>/);
    expect(html).toMatch(/<input type="radio" name="channel-ch1-security" value="tls" checked/);
    expect(textOf(html)).toContain('Remove the stored Password when saving');
    // picked events and stacks open their lists, with the picks checked
    expect(html).toMatch(/<input type="checkbox" checked[^>]*\/?>\s*(<!---->)?\s*Deploy failed/);
    expect(html).toMatch(/<input type="checkbox" checked[^>]*\/?>\s*(<!---->)?\s*shop/);
  });
});

describe('ChannelPickers', () => {
  it('should start on the defaults with no lists open', async () => {
    const text = textOf(await renderComponent('components/ChannelPickers.svelte', { id: 'p', events: [], stacks: [], stackChoices: [] }));

    expect(text).toContain('Problems and their ends');
    expect(text).not.toContain('Deploy started');
    expect(text).toContain('Every stack');
  });

  it('should list the groups with problems next to their ends when events are picked', async () => {
    const html = await renderComponent('components/ChannelPickers.svelte', {
      id: 'p',
      events: ['disk.low'],
      stacks: [],
      stackChoices: [{ id: 'st1', name: 'shop' }],
    });
    const text = textOf(html);

    expect(text).toContain(
      'Servers Server unreachable Server back Cluster unreachable Cluster back Disk low Disk fine again Host key refused',
    );
    expect(text).not.toContain('Test notification');
  });
});

describe('ChannelSecretOnce', () => {
  it('should show the secret once with a copy button, the header to check and the example', async () => {
    const html = await renderComponent('components/ChannelSecretOnce.svelte', {
      name: 'ops',
      secret: 'a0f2a6219b77e430',
      ondismiss: () => undefined,
    });
    const text = textOf(html);

    expect(elements(html, 'code')).toEqual(['a0f2a6219b77e430']);
    expect(text).toContain('Copy');
    expect(text).toContain('will not show it again');
    expect(text).toContain('X-Otternauts-Signature: sha256=');
    expect(textOf(elements(html, 'pre')[0])).toBe(textOf(VERIFY_EXAMPLE.replace(/</g, '&lt;')));
  });
});
