import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { badRequest, conflict, notFound, type ErrorDetail } from '../errors/api-error.js';
import { isEventKind } from '../events/event-kinds.js';
import { VaultService } from '../vault/vault.service.js';
import { checkHost, RefusedTarget } from './address-guard.js';
import { CHANNEL_KINDS, parseChannelConfig, targetHost, targetsOf, type ChannelKind, type ChannelSecrets } from './channel-config.js';
import { channelOf, parseSecrets, SUBSCRIBABLE_KINDS } from './channel-filter.js';
import { HostResolver } from './host-resolver.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import type {
  CreateChannelDto,
  CreatedChannelDto,
  NotificationChannelDto,
  NotificationDeliveryDto,
  UpdateChannelDto,
} from './notification.dto.js';
import { NotificationStore, type ChannelRow, type DeliveryRow } from './notification.store.js';
import { newSigningSecret } from './signature.js';

export function toDeliveryDto(row: DeliveryRow): NotificationDeliveryDto {
  return {
    id: row.id,
    channelId: row.channelId,
    kind: row.kind,
    eventIds: JSON.parse(row.eventIds) as string[],
    title: row.title,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

/**
 * Channels: what they want and where they send. Secrets are sealed on the way in and only
 * the dispatcher opens them, for one attempt; views say which are set and the target host.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly store: NotificationStore,
    private readonly vault: VaultService,
    private readonly config: AppConfig,
    private readonly dns: HostResolver,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  async list(): Promise<NotificationChannelDto[]> {
    const rows = await this.store.channels();
    const last = await this.store.lastDeliveries(rows.map((r) => r.id));
    return Promise.all(rows.map((r) => this.view(r, last.get(r.id) ?? null)));
  }

  async get(id: string): Promise<NotificationChannelDto> {
    const row = await this.find(id);
    return this.view(row, (await this.store.lastDeliveries([id])).get(id) ?? null);
  }

  async create(input: CreateChannelDto): Promise<CreatedChannelDto> {
    const kind = input.kind as ChannelKind;
    await this.ensureNameFree(input.name);
    const checked = await this.check(kind, input, {});
    let generated: string | undefined;
    if (kind === 'webhook' && !checked.secrets.signingSecret) {
      generated = newSigningSecret();
      checked.secrets.signingSecret = generated;
    }
    const row = await this.store.createChannel({
      name: input.name,
      kind,
      settings: JSON.stringify(checked.settings),
      secrets: this.seal(checked.secrets),
      events: JSON.stringify(checked.events),
      stacks: JSON.stringify(checked.stacks),
      enabled: input.enabled ?? true,
    });
    const view = await this.view(row, null);
    return generated ? { ...view, signingSecret: generated } : view;
  }

  async update(id: string, input: UpdateChannelDto): Promise<NotificationChannelDto> {
    const row = await this.find(id);
    const kind = row.kind as ChannelKind;
    if (input.kind !== undefined && input.kind !== kind) {
      throw badRequest('invalid_channel', `kind: a ${kind} channel stays one; create a new channel for ${input.kind}`, [
        { field: 'kind', message: `cannot change from ${kind}; create a new channel for ${input.kind}` },
      ]);
    }
    if (input.name !== undefined && input.name !== row.name) await this.ensureNameFree(input.name);
    const current = channelOf(row);
    const currentSecrets = parseSecrets(row.secrets ? await this.vault.open(row.secrets) : null);
    const checked = await this.check(
      kind,
      {
        settings: input.settings ?? (current.settings as Record<string, unknown>),
        secrets: input.secrets,
        events: input.events ?? current.events,
        stacks: input.stacks ?? current.stacks,
      },
      currentSecrets,
    );
    const updated = await this.store.updateChannel(id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      settings: JSON.stringify(checked.settings),
      secrets: this.seal(checked.secrets),
      events: JSON.stringify(checked.events),
      stacks: JSON.stringify(checked.stacks),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    });
    return this.view(updated, (await this.store.lastDeliveries([id])).get(id) ?? null);
  }

  async remove(id: string): Promise<void> {
    await this.find(id);
    // its deliveries go with it (cascade): a pending retry must not outlive the channel
    await this.store.deleteChannel(id);
  }

  async deliveries(id: string, limit = 50): Promise<NotificationDeliveryDto[]> {
    await this.find(id);
    return (await this.store.deliveries(id, limit)).map(toDeliveryDto);
  }

  async test(id: string): Promise<NotificationDeliveryDto> {
    const done = await this.dispatcher.test(id);
    if (!done) throw notFound('notification channel', id);
    return toDeliveryDto(done);
  }

  private async find(id: string): Promise<ChannelRow> {
    const row = await this.store.channel(id);
    if (!row) throw notFound('notification channel', id);
    return row;
  }

  private async ensureNameFree(name: string): Promise<void> {
    if (await this.store.channelNamed(name)) {
      throw conflict('channel_exists', `A notification channel named ${name} already exists: pick another name.`, [
        { field: 'name', message: 'is taken by another channel' },
      ]);
    }
  }

  /** Every problem of the body at once, each naming its field; nothing is stored when one is found. */
  private async check(
    kind: ChannelKind,
    input: Pick<CreateChannelDto, 'settings' | 'secrets' | 'events' | 'stacks'>,
    currentSecrets: ChannelSecrets,
  ) {
    if (!(CHANNEL_KINDS as readonly string[]).includes(kind))
      throw badRequest('invalid_channel', `kind: must be one of ${CHANNEL_KINDS.join(', ')}`);
    const parsed = parseChannelConfig(kind, input.settings, input.secrets, currentSecrets);
    const errors: ErrorDetail[] = [...parsed.errors];
    const events = [...new Set(input.events ?? [])];
    events.forEach((k, i) => {
      if (!isEventKind(k)) errors.push({ field: `events[${i}]`, message: `${k} is not an event kind (GET /api/events/kinds lists them)` });
      else if (!SUBSCRIBABLE_KINDS.includes(k)) errors.push({ field: `events[${i}]`, message: `${k} is sent by "Send test" only` });
    });
    const stacks = [...new Set(input.stacks ?? [])];
    if (stacks.length) {
      const known = await this.store.existingStackIds(stacks);
      stacks.forEach((s, i) => {
        if (!known.has(s)) errors.push({ field: `stacks[${i}]`, message: `no stack has the id ${s}` });
      });
    }
    if (parsed.errors.length === 0) {
      for (const target of targetsOf(kind, parsed.settings, parsed.secrets)) {
        try {
          await checkHost(target.host, this.config.notifyAllow, this.dns.resolve);
        } catch (err) {
          if (!(err instanceof RefusedTarget)) throw err;
          errors.push({ field: target.field, message: err.message });
        }
      }
    }
    if (errors.length) {
      throw badRequest('invalid_channel', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    return { settings: parsed.settings, secrets: parsed.secrets, events, stacks };
  }

  private seal(secrets: ChannelSecrets): Uint8Array<ArrayBuffer> | null {
    return Object.keys(secrets).length ? this.vault.seal(JSON.stringify(secrets)) : null;
  }

  private async view(row: ChannelRow, last: DeliveryRow | null): Promise<NotificationChannelDto> {
    const channel = channelOf(row);
    const secrets = parseSecrets(row.secrets ? await this.vault.open(row.secrets) : null);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      settings: channel.settings as Record<string, unknown>,
      secretsSet: Object.keys(secrets).sort(),
      target: targetHost(channel.kind, channel.settings, secrets),
      events: channel.events,
      stacks: channel.stacks,
      enabled: row.enabled,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      lastDelivery: last ? toDeliveryDto(last) : null,
    };
  }
}
