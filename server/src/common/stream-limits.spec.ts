import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../errors/api-error.js';
import { StreamLimits } from './stream-limits.js';

const manager1 = { id: 'm1', name: 'outpost-1' };
const manager2 = { id: 'm2', name: 'outpost-2' };

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected a refusal');
}

describe(StreamLimits.name, () => {
  describe('acquire', () => {
    it('should refuse a client past its cap with 429 too_many_streams, saying how many are open and what to close', () => {
      const limits = new StreamLimits({ perClient: 2, perServer: 10 });
      limits.acquire('10.0.0.1');
      limits.acquire('10.0.0.1');
      const err = refusal(() => limits.acquire('10.0.0.1'));
      expect(err).toMatchObject({ status: 429, code: 'too_many_streams' });
      expect(err.message).toBe(
        'This browser already has 2 live streams open (at most 2): close log views or server pages in other tabs, then try again.',
      );
      expect(() => limits.acquire('10.0.0.2')).not.toThrow();
    });

    it('should refuse a log follow past the cap of its server, naming the server', () => {
      const limits = new StreamLimits({ perClient: 10, perServer: 2 });
      limits.acquire('a', manager1);
      limits.acquire('b', manager1);
      const err = refusal(() => limits.acquire('c', manager1));
      expect(err.message).toBe(
        '2 log views already follow logs through outpost-1 (at most 2, so deploys keep their SSH channels): close a log view, then try again.',
      );
      expect(limits.openFor('c')).toBe(0);
      expect(() => limits.acquire('c', manager2)).not.toThrow();
    });

    it('should free a place on release, once however often it is released', () => {
      const limits = new StreamLimits({ perClient: 1, perServer: 1 });
      const lease = limits.acquire('a', manager1);
      lease.release();
      lease.release();
      expect(limits.openFor('a')).toBe(0);
      limits.acquire('a', manager1);
      expect(() => limits.acquire('b', manager1)).toThrow(ApiError);
      expect(() => limits.acquire('a')).toThrow(ApiError);
    });
  });

  describe('moveTo', () => {
    it('should move a follow to the next manager, freeing its place on the first', () => {
      const limits = new StreamLimits({ perClient: 10, perServer: 1 });
      const lease = limits.acquire('a', manager1);
      lease.moveTo(manager2);
      expect(() => limits.acquire('b', manager1)).not.toThrow();
      expect(() => limits.acquire('b', manager2)).toThrow(ApiError);
      lease.release();
      expect(() => limits.acquire('b', manager2)).not.toThrow();
    });

    it('should keep the old place when the next manager is full', () => {
      const limits = new StreamLimits({ perClient: 10, perServer: 1 });
      const lease = limits.acquire('a', manager1);
      limits.acquire('b', manager2);
      expect(() => lease.moveTo(manager2)).toThrow(ApiError);
      expect(() => limits.acquire('c', manager1)).toThrow(ApiError);
      lease.release();
      expect(() => limits.acquire('c', manager1)).not.toThrow();
    });
  });
});
