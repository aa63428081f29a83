import { describe, expect, it } from '@jest/globals';
import { t } from '#lib/i18n/index.ts';
import { clusterNotice } from './cluster-status.ts';

describe('clusterNotice', () => {
  it('should explain an unreachable cluster and what to do, in words from en.json', () => {
    const notice = clusterNotice({ status: 'unreachable', managers: ['m1', 'm2'] });
    expect(notice).not.toBeNull();
    const words = [t(notice!.title), t(notice!.message, notice!.params), t(notice!.todo)];
    expect(words.some((w) => w.startsWith('cluster.'))).toBe(false);
    expect(words[1]).toContain('(2 tried)');
    expect(words[2]).toMatch(/SSH/);
  });

  it.each(['ok', 'empty'])('should say nothing when the cluster is %s', (status) => {
    expect(clusterNotice({ status, managers: ['m1'] })).toBeNull();
  });
});
