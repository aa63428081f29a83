import { describe, expect, it } from '@jest/globals';
import { triggerLabel } from './triggers.ts';

describe('triggerLabel', () => {
  it('should name every trigger Mission Control records', () => {
    expect(['manual', 'push', 'poll', 'rollback', 'api'].map(triggerLabel)).toEqual([
      'history.trigger.manual',
      'history.trigger.push',
      'history.trigger.poll',
      'history.trigger.rollback',
      'history.trigger.api',
    ]);
  });

  it('should show nothing for a missing or unknown trigger', () => {
    expect(triggerLabel(null)).toBeNull();
    expect(triggerLabel('cron')).toBeNull();
  });
});
