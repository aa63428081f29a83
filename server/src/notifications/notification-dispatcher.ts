import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { EventView } from '../events/event.types.js';
import { EventsService } from '../events/events.service.js';
import { VaultService } from '../vault/vault.service.js';
import { nextAttemptAt } from './backoff.js';
import { channelOf, parseSecrets, wants, type Channel } from './channel-filter.js';
import type { ChannelSecrets } from './channel-config.js';
import { ChannelSender, scrub } from './channel-sender.js';
import type { AttemptResult } from './channel-transport.js';
import { NotificationClock } from './clock.js';
import { noticeOf, summaryOf, testNotice } from './notice.js';
import { NotificationStore, type DeliveryRow } from './notification.store.js';
import { renderPayload } from './payloads.js';
import { QuietPeriodGate } from './quiet-period.js';

const DUE_BATCH = 50;

/**
 * Turns events into deliveries and deliveries into messages. Every delivery is a row first
 * (pending), so what a restart interrupts is sent after it; sending retries with backoff.
 * The quiet period holds flapping incidents and tells them once as a summary.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('notifications');
  private readonly gate: QuietPeriodGate;
  /** events are dispatched one after another: the gate's decisions depend on the order */
  private chain: Promise<void> = Promise.resolve();
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly store: NotificationStore,
    private readonly sender: ChannelSender,
    private readonly vault: VaultService,
    private readonly config: AppConfig,
    private readonly clock: NotificationClock,
    private readonly events: EventsService,
  ) {
    this.gate = new QuietPeriodGate(config.notifyQuietPeriodSeconds);
  }

  async start(): Promise<void> {
    const cut = await this.store.failUnfinishedTests();
    if (cut) this.logger.warn({ tests: cut }, 'test notifications cut off by a restart were marked failed');
    await this.reloadGate();
    this.unsubscribe = this.events.onEvent((e) => this.hear(e));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Queues an event's dispatch; the answer settles when its deliveries are stored. */
  hear(event: EventView): Promise<void> {
    const run = this.chain.then(() => this.dispatch(event));
    this.chain = run.catch((err: unknown) => this.logger.warn({ err, kind: event.kind }, 'could not dispatch an event to the channels'));
    return run;
  }

  /** Resolves when every event heard so far has its deliveries stored. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async dispatch(event: EventView): Promise<void> {
    const channels = (await this.store.channels({ enabled: true })).map(channelOf).filter((c) => wants(c, event));
    if (channels.length === 0) return;
    const now = this.clock.now();
    let queued = false;
    for (const channel of channels) {
      if (event.incidentKey && event.phase) {
        const decision = this.gate.decide(channel.id, event.incidentKey, event.phase, now);
        if (decision.action === 'hold') {
          await this.hold(channel, event, decision.until, decision.summaryId);
          continue;
        }
        this.gate.sent(channel.id, event.incidentKey, event.phase, now);
      }
      const notice = noticeOf(event, this.config.publicUrl);
      await this.store.createDelivery({
        channelId: channel.id,
        kind: notice.type,
        eventIds: JSON.stringify([event.id]),
        title: notice.title,
        payload: renderPayload(channel.kind, notice, channel.settings),
        nextAttemptAt: now,
      });
      queued = true;
    }
    if (queued) this.kick();
  }

  /** Adds the event to the incident's summary, or starts one due when the quiet period ends. */
  private async hold(channel: Channel, event: EventView, until: Date, summaryId: string | null): Promise<void> {
    const quiet = this.config.notifyQuietPeriodSeconds;
    if (summaryId) {
      const row = await this.store.delivery(summaryId);
      if (row && row.status === 'pending' && row.attempts === 0) {
        const ids = [...(JSON.parse(row.eventIds) as string[]), event.id];
        const notice = summaryOf(await this.store.events(ids), quiet, this.config.publicUrl);
        await this.store.updateDelivery(summaryId, {
          eventIds: JSON.stringify(ids),
          title: notice.title,
          payload: renderPayload(channel.kind, notice, channel.settings),
        });
        return;
      }
    }
    const notice = summaryOf([event], quiet, this.config.publicUrl);
    const row = await this.store.createDelivery({
      channelId: channel.id,
      kind: 'summary',
      eventIds: JSON.stringify([event.id]),
      title: notice.title,
      payload: renderPayload(channel.kind, notice, channel.settings),
      nextAttemptAt: until,
    });
    this.gate.holding(channel.id, event.incidentKey!, row.id, until);
  }

  /** Sends what is due now, without waiting for the schedule's next tick. */
  kick(): void {
    void this.runDue().catch((err: unknown) => this.logger.warn({ err }, 'sending due notifications failed'));
  }

  /** Sends every delivery that is due (the schedule calls this; runs never overlap, a call during one runs it again). */
  runDue(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
      this.gate.prune(this.clock.now());
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const due = await this.store.due(this.clock.now(), DUE_BATCH);
      if (due.length === 0) return;
      // channels in parallel (a slow receiver delays only its own), each channel's rows in order
      const byChannel = new Map<string, DeliveryRow[]>();
      for (const row of due) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row]);
      await Promise.all(
        [...byChannel.values()].map(async (rows) => {
          for (const row of rows) await this.attempt(row);
        }),
      );
      if (due.length < DUE_BATCH) return;
    }
  }

  /** "Send test": one attempt now, no retries, answered to the person who pressed the button. */
  async test(channelId: string): Promise<DeliveryRow | null> {
    const row = await this.store.channel(channelId);
    if (!row) return null;
    const channel = channelOf(row);
    const notice = testNotice(channel.name, this.clock.now(), this.config.publicUrl);
    const delivery = await this.store.createDelivery({
      channelId,
      kind: 'test',
      eventIds: '[]',
      title: notice.title,
      payload: renderPayload(channel.kind, notice, channel.settings),
    });
    const done = await this.attempt(delivery);
    await this.events.tryRecord({
      kind: 'notification.test',
      message:
        done.status === 'sent'
          ? `A test notification went out through ${channel.name}.`
          : `A test notification through ${channel.name} failed: ${done.lastError}`,
      severity: done.status === 'sent' ? 'info' : 'warning',
      actor: 'admin',
      details: { channelId, channelName: channel.name, channelKind: channel.kind, deliveryId: done.id, status: done.status },
    });
    return done;
  }

  private async attempt(row: DeliveryRow): Promise<DeliveryRow> {
    const channelRow = await this.store.channel(row.channelId);
    if (!channelRow) return row;
    const channel = channelOf(channelRow);
    const startedAt = this.clock.now();
    if (!channel.enabled && row.kind !== 'test') {
      return this.store.updateDelivery(row.id, {
        status: 'failed',
        nextAttemptAt: null,
        lastError: 'the channel was turned off before this went out',
      });
    }
    const eventIds = JSON.parse(row.eventIds) as string[];
    if (row.kind === 'summary' && row.attempts === 0) {
      // from now on this summary's text is fixed; what flaps next waits for the next quiet period
      const last = (await this.store.events(eventIds)).at(-1);
      if (last?.incidentKey && last.phase) this.gate.summarySent(channel.id, last.incidentKey, last.phase, startedAt);
    }
    let result: AttemptResult;
    let secrets: ChannelSecrets = {};
    try {
      secrets = parseSecrets(channelRow.secrets ? await this.vault.open(channelRow.secrets) : null);
      const eventKind = channel.kind === 'webhook' ? String((JSON.parse(row.payload) as { kind?: string }).kind ?? 'unknown') : '';
      result = await this.sender.send({
        deliveryId: row.id,
        kind: channel.kind,
        settings: channel.settings,
        secrets,
        payload: row.payload,
        eventKind,
        now: startedAt,
      });
    } catch (err) {
      // not the error object itself: a URL error carries its input, and the input can hold a token
      const e = err instanceof Error ? err : new Error(String(err));
      this.logger.warn(
        { error: scrub(`${e.name}: ${e.message}`, secrets), stack: scrub(e.stack ?? '', secrets), delivery: row.id, channel: channel.name },
        'a notification could not be sent',
      );
      result = { ok: false, status: null, error: 'Mission Control could not send it (its log says why)', retry: true };
    }
    const attempts = row.attempts + 1;
    const finishedAt = this.clock.now();
    if (result.ok) {
      this.logger.log({ delivery: row.id, channel: channel.name, kind: row.kind, status: result.status }, 'notification sent');
      return this.store.updateDelivery(row.id, {
        status: 'sent',
        attempts,
        sentAt: finishedAt,
        nextAttemptAt: null,
        responseStatus: result.status,
        lastError: null,
      });
    }
    const next = result.retry && row.kind !== 'test' ? nextAttemptAt(attempts, finishedAt) : null;
    this.logger.warn(
      { delivery: row.id, channel: channel.name, kind: row.kind, attempts, error: result.error, retryAt: next },
      next ? 'notification failed, will retry' : 'notification failed, given up',
    );
    return this.store.updateDelivery(row.id, {
      status: next ? 'pending' : 'failed',
      attempts,
      nextAttemptAt: next,
      responseStatus: result.status,
      lastError: result.error,
    });
  }

  /** After a restart: what was sent or held in the last quiet period still counts. */
  private async reloadGate(): Promise<void> {
    const quiet = this.config.notifyQuietPeriodSeconds;
    if (quiet === 0) return;
    const now = this.clock.now();
    const rows = await this.store.incidentDeliveriesSince(new Date(now.getTime() - quiet * 1000));
    for (const row of rows) {
      const last = (await this.store.events(JSON.parse(row.eventIds) as string[])).at(-1);
      if (!last?.incidentKey || !last.phase) continue;
      if (row.kind !== 'summary') this.gate.sent(row.channelId, last.incidentKey, last.phase, row.createdAt);
      else if (row.status === 'pending' && row.attempts === 0)
        this.gate.holding(row.channelId, last.incidentKey, row.id, row.nextAttemptAt ?? now);
      else this.gate.summarySent(row.channelId, last.incidentKey, last.phase, row.sentAt ?? row.updatedAt);
    }
  }
}
