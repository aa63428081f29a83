import { describe, expect, it } from '@jest/globals';
import { QuietPeriodGate } from './quiet-period.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 3, 0, 0) + s * 1000);
const KEY = 'service.degraded:shop_web';

describe('QuietPeriodGate', () => {
  it('should send the open and its resolution, however close together', () => {
    const g = new QuietPeriodGate(300);
    expect(g.decide('c1', KEY, 'open', at(0))).toEqual({ action: 'send' });
    g.sent('c1', KEY, 'open', at(0));
    expect(g.decide('c1', KEY, 'resolved', at(20))).toEqual({ action: 'send' });
    g.sent('c1', KEY, 'resolved', at(20));
  });

  it('should hold flapping after the pair until the quiet period ends, in one summary', () => {
    const g = new QuietPeriodGate(300);
    g.sent('c1', KEY, 'open', at(0));
    g.sent('c1', KEY, 'resolved', at(20));
    const first = g.decide('c1', KEY, 'open', at(40));
    // the period counts from the last notification (the resolution at 20 s)
    expect(first).toEqual({ action: 'hold', until: at(320), summaryId: null });
    g.holding('c1', KEY, 'sum1', at(320));
    expect(g.decide('c1', KEY, 'resolved', at(60))).toEqual({ action: 'hold', until: at(320), summaryId: 'sum1' });
    expect(g.decide('c1', KEY, 'open', at(80))).toEqual({ action: 'hold', until: at(320), summaryId: 'sum1' });
  });

  it('should start a new quiet period with the summary, and send normally once it is over', () => {
    const g = new QuietPeriodGate(300);
    g.sent('c1', KEY, 'open', at(0));
    g.sent('c1', KEY, 'resolved', at(20));
    g.holding('c1', KEY, 'sum1', at(320));
    g.summarySent('c1', KEY, 'resolved', at(320));
    expect(g.decide('c1', KEY, 'open', at(400))).toEqual({ action: 'hold', until: at(620), summaryId: null });
    expect(g.decide('c1', KEY, 'open', at(620))).toEqual({ action: 'send' });
  });

  it('should hold a second resolution without a new open (a duplicate is not a pair)', () => {
    const g = new QuietPeriodGate(300);
    g.sent('c1', KEY, 'open', at(0));
    g.sent('c1', KEY, 'resolved', at(10));
    expect(g.decide('c1', KEY, 'resolved', at(11)).action).toBe('hold');
    const g2 = new QuietPeriodGate(300);
    g2.sent('c1', KEY, 'open', at(0));
    expect(g2.decide('c1', KEY, 'open', at(5)).action).toBe('hold');
  });

  it('should keep channels and incidents apart', () => {
    const g = new QuietPeriodGate(300);
    g.sent('c1', KEY, 'open', at(0));
    g.sent('c1', KEY, 'resolved', at(1));
    expect(g.decide('c2', KEY, 'open', at(2))).toEqual({ action: 'send' });
    expect(g.decide('c1', 'service.degraded:shop_api', 'open', at(2))).toEqual({ action: 'send' });
    expect(g.decide('c1', KEY, 'open', at(2)).action).toBe('hold');
    g.forgetChannel('c1');
    expect(g.decide('c1', KEY, 'open', at(3))).toEqual({ action: 'send' });
  });

  it('should send everything when the quiet period is 0', () => {
    const g = new QuietPeriodGate(0);
    g.sent('c1', KEY, 'open', at(0));
    g.sent('c1', KEY, 'resolved', at(0));
    expect(g.decide('c1', KEY, 'open', at(0))).toEqual({ action: 'send' });
  });

  it('should forget settled incidents but keep the ones holding a summary', () => {
    const g = new QuietPeriodGate(60);
    g.sent('c1', 'a', 'open', at(0));
    g.sent('c1', 'b', 'open', at(0));
    g.holding('c1', 'b', 'sum', at(60));
    g.prune(at(100));
    expect(g.decide('c1', 'a', 'open', at(100))).toEqual({ action: 'send' });
    expect(g.decide('c1', 'b', 'open', at(100))).toEqual({ action: 'hold', until: at(60), summaryId: 'sum' });
  });
});
