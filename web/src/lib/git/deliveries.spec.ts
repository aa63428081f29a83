import { describe, expect, it } from '@jest/globals';
import { decisionLook, deliveriesKey, isPending, signatureLook, sourceLabel } from './deliveries.ts';

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
