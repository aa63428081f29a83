import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attribute } from './attribution.js';
import { CpuRates, FORGET_AFTER_MISSED } from './cpu-rates.js';
import type { NodeSample } from './metrics.types.js';
import { parseSample, type ParsedContainer, type ParsedSample } from './sample-parser.js';

const fixture = (name: string) =>
  parseSample(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8'));

const container = (id: string, cpuNanoseconds: number | null, extra: Partial<ParsedContainer> = {}): ParsedContainer => ({
  id,
  stackName: 'shop',
  serviceName: 'shop_web',
  taskName: `shop_web.1.${id}`,
  cpuNanoseconds,
  cpuPercent: null,
  memoryBytes: 1000,
  health: null,
  healthOutput: null,
  healthExitCode: null,
  source: 'cgroup1',
  ...extra,
});
const sample = (uptimeSeconds: number, busy: number, total: number, containers: ParsedContainer[], complete = true): ParsedSample => ({
  ...fixture('testbed-otn1-a.txt'),
  complete,
  uptimeSeconds,
  cpu: { busy, total },
  containers,
});
const node = (rates: ReturnType<CpuRates['apply']>): NodeSample =>
  ({ serverId: 's1', serverName: 'otn1', at: new Date(), ...rates, containers: rates.containers }) as unknown as NodeSample;

describe(CpuRates.name, () => {
  it('should give null on the first sample, then rates from the counter deltas', () => {
    const rates = new CpuRates();
    const first = rates.apply(sample(100, 1000, 4000, [container('a', 1e9)]));
    expect(first.cpuPercent).toBeNull();
    expect(first.containers[0].cpuPercent).toBeNull();
    // 30 s later: 1.5 s of CPU is 5 % of one core; the host was busy 300 of 1200 jiffies
    const second = rates.apply(sample(130, 1300, 5200, [container('a', 2.5e9)]));
    expect(second.cpuPercent).toBeCloseTo(25);
    expect(second.containers[0].cpuPercent).toBeCloseTo(5);
  });

  it('should count two busy cores as 200 percent', () => {
    const rates = new CpuRates();
    rates.apply(sample(10, 0, 100, [container('a', 0)]));
    expect(rates.apply(sample(20, 100, 200, [container('a', 20e9)])).containers[0].cpuPercent).toBeCloseTo(200);
  });

  it('should give null, never a negative rate, when counters went back (a reboot, a reused id)', () => {
    const rates = new CpuRates();
    rates.apply(sample(500, 900, 1000, [container('a', 9e9)]));
    const after = rates.apply(sample(20, 10, 100, [container('a', 1e9)]));
    expect(after.cpuPercent).toBeNull();
    expect(after.containers[0].cpuPercent).toBeNull();
    // and the next sample counts from the new readings
    expect(rates.apply(sample(30, 60, 200, [container('a', 2e9)])).containers[0].cpuPercent).toBeCloseTo(10);
  });

  it('should pass docker stats rates through as they are', () => {
    const rates = new CpuRates();
    const out = rates.apply(sample(10, 0, 100, [container('a', null, { cpuPercent: 12.5, source: 'docker-stats' })]));
    expect(out.containers[0]).toMatchObject({ cpuPercent: 12.5, source: 'docker-stats' });
    expect(out.containers[0]).not.toHaveProperty('cpuNanoseconds');
    expect(rates.remembered).toBe(0);
  });

  it(`should forget a container after ${FORGET_AFTER_MISSED} samples without it, and keep it across one gap`, () => {
    const rates = new CpuRates();
    rates.apply(sample(0, 0, 100, [container('a', 0), container('b', 0)]));
    rates.apply(sample(10, 0, 200, [container('b', 1e9)]));
    expect(rates.remembered).toBe(2);
    // 'a' back after one gap: its rate spans both intervals
    expect(rates.apply(sample(20, 0, 300, [container('a', 4e9), container('b', 2e9)])).containers[0].cpuPercent).toBeCloseTo(20);
    rates.apply(sample(30, 0, 400, [container('b', 3e9)]));
    rates.apply(sample(40, 0, 500, [container('b', 4e9)]));
    expect(rates.remembered).toBe(1);
    // an incomplete listing forgets nobody
    rates.apply(sample(50, 0, 600, [], false));
    rates.apply(sample(60, 0, 700, [], false));
    expect(rates.remembered).toBe(1);
  });

  it('should stay bounded over many samples of replaced containers', () => {
    const rates = new CpuRates();
    for (let i = 0; i < 500; i++) rates.apply(sample(i * 10, i, i * 100, [container(`c${i}`, i), container(`d${i}`, i)]));
    expect(rates.remembered).toBeLessThanOrEqual(2 * FORGET_AFTER_MISSED);
  });

  it('should measure the test bed: the busy service (limited to 0.25 CPU) near 25 %, the idle one near 0', () => {
    const rates = { otn1: new CpuRates(), otn2: new CpuRates() };
    rates.otn1.apply(fixture('testbed-otn1-a.txt'));
    rates.otn2.apply(fixture('testbed-otn2-a.txt'));
    const [one, two] = [rates.otn1.apply(fixture('testbed-otn1-b.txt')), rates.otn2.apply(fixture('testbed-otn2-b.txt'))];
    const byService = (r: typeof one) => Object.fromEntries(r.containers.map((c) => [c.serviceName, c.cpuPercent]));
    expect(byService(one).shop_busy).toBeGreaterThan(18);
    expect(byService(one).shop_busy).toBeLessThan(27);
    expect(byService(two).shop_busy).toBeGreaterThan(18);
    expect(byService(two).shop_idle).toBeLessThan(1);
    expect(byService(one).shop_sick).toBeNull(); // first seen in the second sample
    expect(one.cpuPercent).toBeGreaterThan(0);
    expect(one.cpuPercent).toBeLessThanOrEqual(100);
  });
});

describe(attribute.name, () => {
  it('should sum the containers of each service on the server and skip containers Swarm did not start', () => {
    const rates = new CpuRates();
    rates.apply(
      sample(0, 0, 100, [
        container('a', 0),
        container('b', 0),
        container('c', 0, { serviceName: 'shop_db' }),
        container('x', 0, { stackName: null, serviceName: null }),
      ]),
    );
    const second = rates.apply(
      sample(10, 0, 200, [
        container('a', 1e9),
        container('b', 2e9, { memoryBytes: 500 }),
        container('new', 5e9), // first sample: memory and count now, CPU from the next sample
        container('c', 0.5e9, { serviceName: 'shop_db' }),
        container('x', 9e9, { stackName: null, serviceName: null }),
      ]),
    );
    const rows = attribute(node(second));
    expect(rows.sort((p, q) => p.serviceName.localeCompare(q.serviceName))).toEqual([
      { stackName: 'shop', serviceName: 'shop_db', cpuPercent: 5, memoryBytes: 1000, containers: 1 },
      { stackName: 'shop', serviceName: 'shop_web', cpuPercent: 30, memoryBytes: 2500, containers: 3 },
    ]);
  });

  it('should give no row for a service whose every container is on its first sample', () => {
    const first = new CpuRates().apply(sample(0, 0, 100, [container('a', 1e9)]));
    expect(attribute(node(first))).toEqual([]);
  });
});
