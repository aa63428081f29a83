import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../errors/api-error.js';

export interface BucketSettings {
  /** Requests allowed at once (the bucket's size). */
  burst: number;
  /** Requests allowed per minute once the burst is spent. */
  perMinute: number;
}

export interface RateLimitSettings {
  perClient: BucketSettings;
  overall: BucketSettings;
  /** Client buckets kept at most; past it the longest-unused go (they would be full by now). */
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per client address and one for everyone: a route that makes Mission Control
 * open connections to addresses a caller names must not become a port scanner. Answers
 * 429 `rate_limited` with the seconds to wait, for the route to put in `retry-after`.
 */
export class RateLimiter {
  private readonly clients = new Map<string, Bucket>();
  private readonly overall: Bucket;
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(
    private readonly what: string,
    private readonly settings: RateLimitSettings,
  ) {
    this.now = settings.now ?? Date.now;
    this.maxClients = settings.maxClients ?? 10_000;
    this.overall = { tokens: settings.overall.burst, at: this.now() };
  }

  /** Takes one request's token from the client's bucket and the overall one, or throws 429. */
  take(client: string): void {
    const now = this.now();
    const own = this.clients.get(client) ?? { tokens: this.settings.perClient.burst, at: now };
    refill(own, this.settings.perClient, now);
    refill(this.overall, this.settings.overall, now);
    const wait = Math.max(waitFor(own, this.settings.perClient), waitFor(this.overall, this.settings.overall));
    if (wait > 0) {
      const seconds = Math.ceil(Math.round(wait) / 1000); // rounded first: float drift must not add a second
      const whose =
        waitFor(own, this.settings.perClient) > 0
          ? `from this address (at most ${this.settings.perClient.burst} at once, ${this.settings.perClient.perMinute} a minute)`
          : 'from all clients together';
      throw new RateLimitError(seconds, `Too many ${this.what} ${whose}: try again in ${seconds} s.`);
    }
    own.tokens -= 1;
    this.overall.tokens -= 1;
    this.clients.delete(client); // re-inserted last: the map's order is least recently used first
    this.clients.set(client, own);
    while (this.clients.size > this.maxClients) this.clients.delete(this.clients.keys().next().value!);
  }
}

export class RateLimitError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', message);
  }
}

function refill(bucket: Bucket, settings: BucketSettings, now: number): void {
  const earned = ((now - bucket.at) / 60_000) * settings.perMinute;
  bucket.tokens = Math.min(settings.burst, bucket.tokens + earned);
  bucket.at = now;
}

/** Milliseconds until the bucket holds a whole token. */
function waitFor(bucket: Bucket, settings: BucketSettings): number {
  // refills add fractions, whose float sum can fall a hair short of a whole token
  return bucket.tokens >= 1 - 1e-9 ? 0 : ((1 - bucket.tokens) / settings.perMinute) * 60_000;
}
