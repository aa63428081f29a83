interface Waiter {
  grant: () => void;
  fail: (err: Error) => void;
}

/**
 * A counting semaphore with a FIFO queue. sshd refuses channels beyond MaxSessions
 * (default 10) with "open failed"; waiting for a free slot turns that hard failure
 * into a short delay.
 */
export class ChannelLimiter {
  private active = 0;
  private peak = 0;
  private limit: number;
  private readonly waiting: Waiter[] = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error('The channel limit must be at least 1');
    this.limit = max;
  }

  /**
   * Resolves with an idempotent release function once a slot is free. An abort while
   * queued leaves the queue and rejects with the signal's reason.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          this.peak = Math.max(this.peak, this.active);
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.active--;
            this.grantNext();
          });
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.grantNext();
    });
  }

  /**
   * Learns a lower limit, e.g. when a server configured with a smaller MaxSessions
   * refused a channel: later requests queue instead of being refused again.
   */
  lowerLimit(max: number): void {
    this.limit = Math.max(1, Math.min(this.limit, max));
  }

  /** Rejects everyone still waiting, e.g. when the connection behind the slots is gone. */
  failWaiting(err: Error): void {
    for (const w of this.waiting.splice(0)) w.fail(err);
  }

  private grantNext(): void {
    while (this.active < this.limit && this.waiting.length > 0) this.waiting.shift()!.grant();
  }

  get max(): number {
    return this.limit;
  }

  get activeCount(): number {
    return this.active;
  }

  get queuedCount(): number {
    return this.waiting.length;
  }

  get peakActive(): number {
    return this.peak;
  }
}

/** The signal's own reason (an AbortError or what abort() was given), always as an Error. */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted', { cause: reason });
}
