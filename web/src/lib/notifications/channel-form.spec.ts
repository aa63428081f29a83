import { describe, expect, it } from '@jest/globals';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { fieldErrors, onlyFieldErrors } from '#lib/forms/field-errors.ts';
import {
  channelBody,
  channelError,
  draftFromChannel,
  emptyDraft,
  formFieldOf,
  formFields,
  splitAddresses,
  validateDraft,
  withKind,
  type ChannelDraft,
} from './channel-form.ts';
import type { ChannelView } from './types.ts';

const CREATE = { create: true } as const;

function draft(kind: ChannelDraft['kind'], values: Record<string, string>, name = 'ops'): ChannelDraft {
  return { ...emptyDraft(kind), name, values: { ...emptyDraft(kind).values, ...values } };
}

function channel(overrides: Partial<ChannelView> = {}): ChannelView {
  return {
    id: 'ch1',
    name: 'mail',
    kind: 'email',
    settings: {
      host: 'smtp.example.com',
      port: 465,
      security: 'tls',
      username: 'otto',
      from: 'otto@example.com',
      to: ['a@example.com', 'b@example.com'],
    },
    secretsSet: ['password'],
    target: 'smtp.example.com',
    events: ['deploy.failed'],
    stacks: ['s1'],
    enabled: false,
    createdAt: '2026-12-02T01:00:00.000Z',
    updatedAt: '2026-12-02T01:00:00.000Z',
    lastDelivery: null,
    ...overrides,
  };
}

describe(emptyDraft.name, () => {
  it('should start an email channel on STARTTLS and its port', () => {
    expect(emptyDraft('email').values).toEqual({
      host: '',
      security: 'starttls',
      port: '587',
      username: '',
      password: '',
      from: '',
      to: '',
    });
  });

  it('should give a kind picked later fresh fields and keep the name and pickers', () => {
    const before = { ...draft('webhook', { url: 'https://hooks.example.com/x' }), events: ['deploy.failed'] };
    const after = withKind(before, 'ntfy');
    expect(after).toEqual({ ...before, kind: 'ntfy', values: { server: '', topic: '', token: '' }, remove: [] });
  });
});

describe(validateDraft.name, () => {
  it('should accept a complete channel of every kind', () => {
    expect(validateDraft(draft('webhook', { url: 'https://hooks.example.com/otto' }), CREATE)).toEqual({});
    expect(validateDraft(draft('slack', { url: 'https://hooks.slack.com/services/T/B/X' }), CREATE)).toEqual({});
    expect(validateDraft(draft('discord', { url: 'https://discord.com/api/webhooks/1/abc' }), CREATE)).toEqual({});
    expect(validateDraft(draft('ntfy', { topic: 'otto-alerts_7' }), CREATE)).toEqual({});
    expect(
      validateDraft(draft('email', { host: 'smtp.example.com', from: 'otto@example.com', to: 'a@example.com, b@example.com' }), CREATE),
    ).toEqual({});
  });

  it('should name each missing or malformed field', () => {
    expect(validateDraft(draft('webhook', { url: '' }, ' '), CREATE)).toEqual({
      name: 'notifications.invalid.name',
      url: 'notifications.invalid.required',
    });
    expect(validateDraft(draft('slack', { url: 'ftp://hooks.example.com' }), CREATE)).toEqual({ url: 'notifications.invalid.url' });
    expect(validateDraft(draft('ntfy', { topic: 'no spaces', server: 'ntfy.example.com' }), CREATE)).toEqual({
      topic: 'notifications.invalid.topic',
      server: 'notifications.invalid.url',
    });
    expect(validateDraft(draft('email', { host: 'smtp', port: '70000', from: 'otto', to: 'a@example.com, nobody' }), CREATE)).toEqual({
      port: 'notifications.invalid.port',
      from: 'notifications.invalid.email',
      to: 'notifications.invalid.emails',
    });
    expect(validateDraft(draft('email', { host: 'smtp', port: '25x', from: 'o@x', to: 'a@x' }), CREATE)).toEqual({
      port: 'notifications.invalid.port',
    });
  });

  it('should refuse a short signing secret and secrets with spaces, as Mission Control would', () => {
    expect(validateDraft(draft('webhook', { url: 'https://h.example.com', signingSecret: 'short' }), CREATE)).toEqual({
      signingSecret: 'notifications.invalid.signingSecret',
    });
    expect(validateDraft(draft('webhook', { url: 'https://h.example.com', signingSecret: 'x'.repeat(16) }), CREATE)).toEqual({});
    expect(validateDraft(draft('ntfy', { topic: 'alerts', token: 'tk 1' }), CREATE)).toEqual({
      token: 'notifications.invalid.secretCharacters',
    });
  });

  it('should let an edit keep a stored secret by leaving its field empty', () => {
    const edit = draft('webhook', { url: '' });
    expect(validateDraft(edit, { create: false, secretsSet: ['url', 'signingSecret'] })).toEqual({});
    expect(validateDraft(edit, { create: false, secretsSet: [] })).toEqual({ url: 'notifications.invalid.required' });
  });
});

describe(channelBody.name, () => {
  it('should send trimmed settings, the port as a number and the recipients as a list', () => {
    const body = channelBody(
      draft(
        'email',
        {
          host: ' smtp.example.com ',
          port: '465',
          security: 'tls',
          from: 'otto@example.com',
          to: 'a@example.com,\nb@example.com',
          password: ' pa ss ',
        },
        ' mail ',
      ),
    );
    expect(body).toEqual({
      name: 'mail',
      kind: 'email',
      settings: { host: 'smtp.example.com', port: 465, security: 'tls', from: 'otto@example.com', to: ['a@example.com', 'b@example.com'] },
      secrets: { password: ' pa ss ' },
      events: [],
      stacks: [],
      enabled: true,
    });
  });

  it('should leave out a secret that was not typed, so the stored one is kept', () => {
    const body = channelBody(draft('webhook', { url: '', signingSecret: '' }));
    expect(body.secrets).toEqual({});
    expect(body.settings).toEqual({});
    expect(channelBody(draft('ntfy', { topic: 'alerts', token: 'tk_1' })).secrets).toEqual({ token: 'tk_1' });
    expect(channelBody(draft('ntfy', { topic: 'alerts', token: 'tk_1' })).settings).toEqual({ topic: 'alerts' });
  });

  it('should send null for a stored optional secret the user removes, and never for a required one', () => {
    const ntfy = { ...draft('ntfy', { topic: 'alerts' }), remove: ['token'] };
    expect(channelBody(ntfy).secrets).toEqual({ token: null });
    expect(channelBody({ ...ntfy, values: { ...ntfy.values, token: 'tk_2' } }).secrets).toEqual({ token: 'tk_2' });
    expect(channelBody({ ...draft('slack', { url: '' }), remove: ['url'] }).secrets).toEqual({});
  });

  it('should put URLs in secrets: they carry tokens', () => {
    expect(channelBody(draft('slack', { url: ' https://hooks.slack.com/services/T/B/X ' }))).toMatchObject({
      settings: {},
      secrets: { url: 'https://hooks.slack.com/services/T/B/X' },
    });
  });
});

describe(draftFromChannel.name, () => {
  it('should fill the settings and leave every secret empty', () => {
    expect(draftFromChannel(channel())).toEqual({
      name: 'mail',
      kind: 'email',
      enabled: false,
      events: ['deploy.failed'],
      stacks: ['s1'],
      values: {
        host: 'smtp.example.com',
        security: 'tls',
        port: '465',
        username: 'otto',
        password: '',
        from: 'otto@example.com',
        to: 'a@example.com, b@example.com',
      },
      remove: [],
    });
  });

  it('should give back the same body it was made from when nothing is typed', () => {
    const body = channelBody(draftFromChannel(channel()));
    expect(body.settings).toEqual(channel().settings);
    expect(body.secrets).toEqual({});
  });
});

describe(channelError.name, () => {
  const error = (fields: string[]): ApiErrorInfo => ({
    status: 400,
    code: 'validation_failed',
    message: 'bad',
    details: fields.map((field) => ({ field, message: `${field} is wrong` })),
  });

  it('should rename the API’s fields to the form’s, so messages land next to their inputs', () => {
    const mapped = channelError(error(['secrets.url', 'settings.to[1]', 'settings.port', 'name']));
    expect(mapped?.details.map((d) => d.field)).toEqual(['url', 'to', 'port', 'name']);
    expect(fieldErrors(mapped, formFields('email'))).toEqual({
      to: 'settings.to[1] is wrong',
      port: 'settings.port is wrong',
      name: 'name is wrong',
    });
    expect(onlyFieldErrors(mapped, formFields('webhook'))).toBe(false);
    expect(onlyFieldErrors(channelError(error(['secrets.url'])), formFields('webhook'))).toBe(true);
  });

  it('should leave fields it does not know as they are, for the general notice', () => {
    expect(channelError(error(['settings.colour']))?.details[0].field).toBe('settings.colour');
    expect(channelError(null)).toBeNull();
  });

  it('should strip list positions of either style', () => {
    expect(['to.0', 'settings.to.2', 'to[3]', 'url'].map(formFieldOf)).toEqual(['to', 'to', 'to', 'url']);
  });
});

describe(splitAddresses.name, () => {
  it('should split on commas, semicolons and new lines', () => {
    expect(splitAddresses(' a@x, b@y;c@z\n\nd@w ')).toEqual(['a@x', 'b@y', 'c@z', 'd@w']);
    expect(splitAddresses(' , ')).toEqual([]);
  });
});
