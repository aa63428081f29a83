import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSample, parseSize } from './sample-parser.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');
const byName = (text: string) => Object.fromEntries(parseSample(text).containers.map((c) => [c.taskName ?? c.id.slice(0, 12), c]));

describe(parseSample.name, () => {
  describe('real test bed output (cgroup v1)', () => {
    it('should read the host figures', () => {
      const s = parseSample(fixture('testbed-otn1-a.txt'));
      expect(s.recognised && s.complete).toBe(true);
      expect(s.cpu).toEqual({
        busy: 1292535 + 2251 + 311946 + 0 + 4815 + 28033,
        total: 1292535 + 2251 + 311946 + 2597668 + 8279 + 0 + 4815 + 28033,
      });
      expect(s.uptimeSeconds).toBe(21368.61);
      expect(s.memoryTotalBytes).toBe(24683652 * 1024);
      expect(s.memoryUsedBytes).toBe((24683652 - 23703340) * 1024);
      expect(s.load1).toBe(2.55);
      expect(s.cpuCount).toBe(2);
      expect(s.dockerRootDir).toBe('/var/lib/docker');
      expect([s.diskTotalBytes, s.diskFreeBytes]).toEqual([264212084 * 1024, 78817144 * 1024]);
      expect(s.dockerErrors).toEqual([]);
    });

    it('should attribute containers by their Swarm labels and leave plain ones unlabelled', () => {
      const c = byName(fixture('testbed-otn1-b.txt'));
      expect(c['shop_busy.2.9l9yz61t3h0xdgcmwn7j3148y']).toMatchObject({
        stackName: 'shop',
        serviceName: 'shop_busy',
        source: 'cgroup1',
        cpuNanoseconds: 4371202945,
        memoryBytes: 344064,
        health: null,
      });
      const lonely = Object.values(c).find((x) => x.stackName === null)!;
      expect(lonely).toMatchObject({
        serviceName: null,
        taskName: null,
        health: 'unhealthy',
        healthOutput: 'db not ready',
        healthExitCode: 1,
      });
    });

    it("should keep a failing healthcheck's last output", () => {
      const sick = byName(fixture('testbed-otn1-b.txt'))['shop_sick.1.4f9bwi4twwpz6bpj6pf2mlcxo'];
      expect(sick).toMatchObject({
        serviceName: 'shop_sick',
        health: 'unhealthy',
        healthOutput: 'db not ready on port 5432',
        healthExitCode: 1,
      });
    });

    it('should read the same through sudo', () => {
      const s = parseSample(fixture('testbed-otn1-sudo.txt'));
      expect(s.containers.map((c) => c.serviceName).sort()).toEqual(['shop_busy', null].sort());
      expect(s.containers.every((c) => c.source === 'cgroup1')).toBe(true);
    });

    it('should keep the host figures and say why when docker refuses', () => {
      const s = parseSample(fixture('testbed-otn1-docker-refused.txt'));
      expect(s.cpu).not.toBeNull();
      expect(s.memoryTotalBytes).toBeGreaterThan(0);
      expect(s.containers).toEqual([]);
      expect(s.dockerRootDir).toBe('');
      expect(s.dockerErrors[0]).toMatch(/^permission denied while trying to connect to the Docker daemon socket/);
    });

    it('should take docker stats figures where the cgroup files could not be read', () => {
      const c = byName(fixture('testbed-otn1-docker-stats.txt'));
      expect(c['shop_busy.2.9l9yz61t3h0xdgcmwn7j3148y']).toMatchObject({
        source: 'docker-stats',
        cpuPercent: 22.2,
        cpuNanoseconds: null,
        memoryBytes: 336 * 1024,
      });
      // docker stats listed a third container that docker ps/inspect did not: it has no names, so it is not reported
      expect(Object.keys(c)).toHaveLength(2);
    });
  });

  describe('documented cgroup v2 output', () => {
    it('should read microseconds as nanoseconds and subtract inactive file pages', () => {
      const s = parseSample(fixture('documented-cgroup2-a.txt'));
      expect(s.containers).toEqual([
        expect.objectContaining({
          serviceName: 'web_app',
          source: 'cgroup2',
          cpuNanoseconds: 120_000_000_000,
          memoryBytes: 209715200 - 52428800,
          health: 'healthy',
          healthOutput: 'ok',
        }),
      ]);
      expect(s.diskFreeBytes).toBe(56332476 * 1024);
    });
  });

  describe('damaged output', () => {
    const good = fixture('testbed-otn1-b.txt');

    it('should cost only the container whose inspect line is broken', () => {
      const broken = good.replace(/^(@c cf958f41c\S+ \d+ \{.*)\}$/m, '$1'); // JSON cut short
      const c = byName(broken);
      expect(c['shop_busy.2.9l9yz61t3h0xdgcmwn7j3148y']).toBeUndefined();
      expect(c['shop_sick.1.4f9bwi4twwpz6bpj6pf2mlcxo']).toBeDefined();
      expect(parseSample(broken).cpu).not.toBeNull();
    });

    it('should drop a container whose counters are not numbers, and keep the rest', () => {
      const broken = good.replace(/^(@cg cf958f41c\S+ cgroup1) \d+/m, '$1 12abc');
      const s = parseSample(broken);
      expect(s.containers.map((c) => c.serviceName)).not.toContain('shop_busy');
      expect(s.containers).toHaveLength(2);
    });

    it('should ignore unknown tags, garbage lines and a bad host line without throwing', () => {
      const noisy = `garbage\n@stat cpu x y z\n@weird 1 2 3\n\0\u00ff\n${good.replace('@load 2.98', '@load many')}`;
      const s = parseSample(noisy);
      expect(s.cpu).not.toBeNull(); // the good @stat line still counts
      expect(s.load1).toBe(0);
      expect(s.containers).toHaveLength(3);
    });

    it('should say an output is not the script when it has no marker, and incomplete when cut short', () => {
      expect(parseSample('sh: 1: Syntax error\n').recognised).toBe(false);
      const cut = parseSample(good.slice(0, good.indexOf('@end')));
      expect(cut.recognised).toBe(true);
      expect(cut.complete).toBe(false);
    });

    it('should not report a container that vanished between ps and inspect as a docker problem', () => {
      const s = parseSample(`@otn 1\n@docker-error Error: No such object: 0123456789ab\n@end .\n`);
      expect(s.dockerErrors).toEqual([]);
    });
  });
});

describe(parseSize.name, () => {
  it.each([
    ['332KiB', 332 * 1024],
    ['23.54GiB', 23.54 * 1024 ** 3],
    ['12.3MB', 12.3e6],
    ['0B', 0],
    ['1.5 MiB', 1.5 * 1024 ** 2],
  ])('should read %s', (text, bytes) => expect(parseSize(text)).toBeCloseTo(bytes));

  it.each(['--', '', '12', 'ten MiB', '5 parsecs'])('should refuse %j', (text) => expect(parseSize(text)).toBeNull());
});
