import { describe, expect, it } from '@jest/globals';
import { decisionLook, deliveriesKey, isPending, requestAction, signatureLook, sourceLabel } from './deliveries.ts';

describe('delivery looks', () => {
  it('should colour decisions by outcome', () => {
    expect(decisionLook('deployed')).toEqual({ label: 'deliveries.decision.deployed', tone: 'good' });
    expect(decisionLook('queued').tone).toBe('busy');
    expect(decisionLook('superseded').tone).toBe('idle');
    expect(decisionLook('rejected').tone).toBe('bad');
    expect(decisionLook('failed').tone).toBe('bad');
  });

  it('should leave an unknown decision, source or verdict to be shown as it is', () => {
    expect(decisionLook('paused')).toEqual({ label: null, tone: 'idle' });
    expect(sourceLabel('bitbucket')).toBeNull();
    expect(signatureLook('odd')).toEqual({ label: null, tone: 'idle' });
  });

  it('should name sources and signature verdicts', () => {
    expect(sourceLabel('poll')).toBe('deliveries.source.poll');
    expect(sourceLabel('github')).toBe('deliveries.source.github');
    expect(signatureLook('invalid')).toEqual({ label: 'deliveries.signature.invalid', tone: 'bad' });
    expect(signatureLook('none').tone).toBe('idle');
  });

  it('should show a preview torn down as done, and the time to live as its source', () => {
    expect(decisionLook('removed')).toEqual({ label: 'previews.delivery.removed', tone: 'good' });
    expect(sourceLabel('ttl')).toBe('previews.delivery.ttl');
  });

  it('should say what a pull request delivery did, and nothing for a push', () => {
    expect(requestAction({ pullRequest: 42, action: 'open' })).toEqual({ key: 'previews.delivery.open', number: 42 });
    expect(requestAction({ pullRequest: 42, action: 'close' })?.key).toBe('previews.delivery.close');
    expect(requestAction({ pullRequest: 7, action: 'labeled' })).toEqual({ key: 'previews.delivery.request', number: 7 });
    expect(requestAction({ pullRequest: null, action: null })).toBeNull();
  });

  it('should call only queued and deploying pending', () => {
    expect(['queued', 'deploying', 'deployed', 'ignored', 'failed'].filter(isPending)).toEqual(['queued', 'deploying']);
  });

  it('should change the key when a decision or reason changes, not otherwise', () => {
    const a = [{ id: '1', decision: 'queued', reason: 'queued: deploying 4f2a9c1 from main' }];
    const b = [{ id: '1', decision: 'deployed', reason: 'deployed as version 7' }];
    expect(deliveriesKey(a)).toBe(deliveriesKey([{ ...a[0] }]));
    expect(deliveriesKey(a)).not.toBe(deliveriesKey(b));
  });
});
