import { describe, expect, it } from '@jest/globals';
import { RateLimitError, RateLimiter } from './rate-limiter.js';

function limiter(now: { t: number }, maxClients?: number) {
  return new RateLimiter('scans', {
    perClient: { burst: 3, perMinute: 6 },
    overall: { burst: 5, perMinute: 30 },
    maxClients,
    now: () => now.t,
  });
}

function refusal(run: () => void): RateLimitError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(RateLimitError);
    return err as RateLimitError;
  }
  throw new Error('expected a refusal');
}

describe(RateLimiter.name, () => {
  it('should allow a burst per client, then refuse with 429 rate_limited and the seconds to wait', () => {
    const now = { t: 0 };
    const limits = limiter(now);
    for (let i = 0; i < 3; i++) limits.take('10.0.0.1');
    const err = refusal(() => limits.take('10.0.0.1'));
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 10 });
    expect(err.message).toBe('Too many scans from this address (at most 3 at once, 6 a minute): try again in 10 s.');
  });

  it('should give a token back as time passes', () => {
    const now = { t: 0 };
    const limits = limiter(now);
    for (let i = 0; i < 3; i++) limits.take('a');
    now.t = 9_000;
    expect(refusal(() => limits.take('a')).retryAfterSeconds).toBe(1);
    now.t = 10_000;
    expect(() => limits.take('a')).not.toThrow();
  });

  it('should refuse everyone once all clients together have spent the overall bucket', () => {
    const now = { t: 0 };
    const limits = limiter(now);
    for (const client of ['a', 'a', 'b', 'b', 'c']) limits.take(client);
    const err = refusal(() => limits.take('d'));
    expect(err.message).toBe('Too many scans from all clients together: try again in 2 s.');
  });

  it('should not spend a token on a refused request', () => {
    const now = { t: 0 };
    const limits = limiter(now);
    for (let i = 0; i < 3; i++) limits.take('a');
    for (let i = 0; i < 10; i++) refusal(() => limits.take('a'));
    // the overall bucket still holds the two the refusals did not take
    limits.take('b');
    limits.take('b');
    refusal(() => limits.take('c'));
  });

  it('should keep a bounded number of client buckets, forgetting the least recently used', () => {
    const now = { t: 0 };
    const limits = new RateLimiter('scans', {
      perClient: { burst: 1, perMinute: 1 },
      overall: { burst: 1000, perMinute: 1000 },
      maxClients: 2,
      now: () => now.t,
    });
    limits.take('a');
    limits.take('b');
    limits.take('c'); // 'a' is forgotten: its bucket starts full again
    expect(() => limits.take('a')).not.toThrow();
    refusal(() => limits.take('c'));
  });
});
