import type { EventPhase } from '../events/event-kinds.js';

/**
 * One notification when an incident opens and one when it resolves; what comes after within
 * the quiet period (a service flapping between degraded and recovered) is held and told
 * once, as a summary, when the period ends. Keyed per channel and incident key: two channels
 * never hold each other's notifications. Pure: the caller passes the time.
 */

export type GateDecision = { action: 'send' } | { action: 'hold'; until: Date; summaryId: string | null };

interface GateState {
  lastSentAt: number;
  lastPhase: EventPhase;
  /** the open told, then its resolution told: whatever follows in the window is flapping */
  pairDone: boolean;
  /** a summary delivery collecting held events, due at heldUntil */
  summaryId: string | null;
  heldUntil: number;
}

export class QuietPeriodGate {
  private readonly states = new Map<string, GateState>();

  constructor(private readonly quietSeconds: number) {}

  private static key(channelId: string, incidentKey: string): string {
    return `${channelId}\u0000${incidentKey}`;
  }

  decide(channelId: string, incidentKey: string, phase: EventPhase, now: Date): GateDecision {
    const s = this.states.get(QuietPeriodGate.key(channelId, incidentKey));
    const t = now.getTime();
    if (s?.summaryId) return { action: 'hold', until: new Date(s.heldUntil), summaryId: s.summaryId };
    if (!s || this.quietSeconds === 0 || t - s.lastSentAt >= this.quietSeconds * 1000) return { action: 'send' };
    // the resolution of the open just told is the other half of the pair, not flapping
    if (phase === 'resolved' && s.lastPhase === 'open' && !s.pairDone) return { action: 'send' };
    return { action: 'hold', until: new Date(s.lastSentAt + this.quietSeconds * 1000), summaryId: null };
  }

  /** A notification for the incident went out (or was queued to): the quiet period starts now. */
  sent(channelId: string, incidentKey: string, phase: EventPhase, at: Date): void {
    const key = QuietPeriodGate.key(channelId, incidentKey);
    const s = this.states.get(key);
    const within = s && at.getTime() - s.lastSentAt < this.quietSeconds * 1000;
    this.states.set(key, {
      lastSentAt: at.getTime(),
      lastPhase: phase,
      pairDone: Boolean(within && phase === 'resolved' && s.lastPhase === 'open'),
      summaryId: null,
      heldUntil: 0,
    });
  }

  /** Held events now collect in this summary delivery, due at `until`. */
  holding(channelId: string, incidentKey: string, summaryId: string, until: Date): void {
    const s = this.states.get(QuietPeriodGate.key(channelId, incidentKey));
    if (s) {
      s.summaryId = summaryId;
      s.heldUntil = until.getTime();
    } else {
      this.states.set(QuietPeriodGate.key(channelId, incidentKey), {
        lastSentAt: until.getTime() - this.quietSeconds * 1000,
        lastPhase: 'open',
        pairDone: true,
        summaryId,
        heldUntil: until.getTime(),
      });
    }
  }

  /** The summary went out: it counts as a notification, so a new quiet period starts with it. */
  summarySent(channelId: string, incidentKey: string, lastPhase: EventPhase, at: Date): void {
    this.states.set(QuietPeriodGate.key(channelId, incidentKey), {
      lastSentAt: at.getTime(),
      lastPhase,
      pairDone: true,
      summaryId: null,
      heldUntil: 0,
    });
  }

  /** Drops what is older than the period, so the map stays the size of what is going on. */
  prune(now: Date): void {
    for (const [key, s] of this.states) {
      if (!s.summaryId && now.getTime() - s.lastSentAt >= this.quietSeconds * 1000) this.states.delete(key);
    }
  }

  forgetChannel(channelId: string): void {
    for (const key of this.states.keys()) if (key.startsWith(`${channelId}\u0000`)) this.states.delete(key);
  }
}
