import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../testing/temp-dir.js';
import { parseSample } from './sample-parser.js';
import { SAMPLE_SCRIPT, sampleCommand } from './sample-script.js';

// The real script, run by dash (Debian's /bin/sh, the strictest of the usual ones) against
// file trees in the shapes the kernel gives: cgroup v1 with cpuacct alone (this machine) and
// with cpu,cpuacct joined (most distributions), v2 (Documentation/admin-guide/cgroup-v2.rst),
// and a container whose files cannot be read. Only docker is a stand-in: a script printing
// what `docker inspect --format` would, and logging how it was called.

const id = (n: number) => String(n).repeat(64).slice(0, 64);
const inspectLine = (n: number, pid: number, service: string) =>
  `@c ${id(n)} ${pid} ${JSON.stringify({
    name: `/shop_${service}.1.task${n}`,
    labels: {
      'com.docker.stack.namespace': 'shop',
      'com.docker.swarm.service.name': `shop_${service}`,
      'com.docker.swarm.task.name': `shop_${service}.1.task${n}`,
    },
    state: {
      Pid: pid,
      Status: 'running',
      Health: { Status: 'unhealthy', Log: [{ ExitCode: 2, Output: 'line one\nline "two" \\ done\n' }] },
    },
  })}`;

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('SAMPLE_SCRIPT', () => {
  let dir: string;
  let output: string;
  let calls: string[];

  const run = (sudo: boolean) => {
    const proc = path.join(dir, 'proc');
    const cg = path.join(dir, 'cgroup');
    const argv = sampleCommand(sudo).argv;
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    // the production argv, plus the two test roots the script takes after it
    const stdout = execFileSync('dash', ['-c', argv[2], ...argv.slice(3), ...(sudo ? [] : ['']), proc, cg], {
      env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, FAKE: dir },
      encoding: 'utf8',
    });
    calls = fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n') : [];
    fs.rmSync(path.join(dir, 'calls'), { force: true });
    return stdout;
  };

  beforeAll(() => {
    dir = tempDir('sample-script');
    write(
      path.join(dir, 'bin', 'docker'),
      `#!/bin/sh
echo "docker $1" >> "$FAKE/calls"
case "$1" in
  info) echo /var/lib/docker ;;
  ps) printf '%s\\n' ${[1, 2, 3, 4].map((n) => id(n).slice(0, 12)).join(' ')} ;;
  inspect) cat "$FAKE/inspect" ;;
  stats) cat "$FAKE/stats" ;;
esac
`,
    );
    write(path.join(dir, 'bin', 'sudo'), `#!/bin/sh\necho "sudo $*" >> "$FAKE/calls"\n[ "$1" = -n ] && shift\nexec "$@"\n`);
    fs.chmodSync(path.join(dir, 'bin', 'docker'), 0o755);
    fs.chmodSync(path.join(dir, 'bin', 'sudo'), 0o755);
    write(
      path.join(dir, 'inspect'),
      [inspectLine(1, 101, 'a'), inspectLine(2, 102, 'b'), inspectLine(3, 103, 'c'), inspectLine(4, 104, 'd'), ''].join('\n'),
    );
    write(path.join(dir, 'stats'), `{"ID":"${id(4).slice(0, 12)}","CPUPerc":"12.50%","MemUsage":"1.5MiB / 1GiB"}\n`);
    const cg = path.join(dir, 'cgroup');
    // v1, cpuacct alone (as on this machine), a hybrid host's 0:: line too
    write(
      path.join(dir, 'proc/101/cgroup'),
      `4:memory:/docker/${id(1)}\n2:cpuacct:/docker/${id(1)}\n1:cpu:/docker/${id(1)}\n0::/docker/${id(1)}\n`,
    );
    write(path.join(cg, `cpuacct/docker/${id(1)}/cpuacct.usage`), '5000000000\n');
    write(path.join(cg, `memory/docker/${id(1)}/memory.usage_in_bytes`), '10485760\n');
    write(path.join(cg, `memory/docker/${id(1)}/memory.stat`), 'cache 4096\ninactive_file 1\ntotal_inactive_file 2097152\n');
    // v1, cpu and cpuacct joined
    write(path.join(dir, 'proc/102/cgroup'), `7:memory:/docker/${id(2)}\n3:cpu,cpuacct:/docker/${id(2)}\n`);
    write(path.join(cg, `cpu,cpuacct/docker/${id(2)}/cpuacct.usage`), '7000\n');
    write(path.join(cg, `memory/docker/${id(2)}/memory.usage_in_bytes`), '4096\n');
    write(path.join(cg, `memory/docker/${id(2)}/memory.stat`), 'total_inactive_file 0\n');
    // v2, systemd cgroup driver
    const scope = `system.slice/docker-${id(3)}.scope`;
    write(path.join(dir, 'proc/103/cgroup'), `0::/${scope}\n`);
    write(path.join(cg, scope, 'cpu.stat'), 'usage_usec 250000\nuser_usec 200000\nsystem_usec 50000\nnr_periods 0\n');
    write(path.join(cg, scope, 'memory.current'), '8388608\n');
    write(path.join(cg, scope, 'memory.stat'), 'anon 4194304\nfile 4194304\nactive_file 1048576\ninactive_file 3145728\n');
    // 104: no /proc entry readable (hidepid): docker stats answers for it
    output = run(false);
  });

  it('should read every cgroup shape, and ask docker stats only for what it could not read', () => {
    const c = Object.fromEntries(parseSample(output).containers.map((x) => [x.serviceName, x]));
    expect(c.shop_a).toMatchObject({ source: 'cgroup1', cpuNanoseconds: 5e9, memoryBytes: 10485760 - 2097152 });
    expect(c.shop_b).toMatchObject({ source: 'cgroup1', cpuNanoseconds: 7000, memoryBytes: 4096 });
    expect(c.shop_c).toMatchObject({ source: 'cgroup2', cpuNanoseconds: 250000 * 1000, memoryBytes: 8388608 - 3145728 });
    expect(c.shop_d).toMatchObject({ source: 'docker-stats', cpuPercent: 12.5, memoryBytes: 1.5 * 1024 * 1024 });
    expect(output).toMatch(new RegExp(`^@cg ${id(4)} none$`, 'm'));
  });

  it('should pass health-check output with newlines, quotes and backslashes through intact', () => {
    const s = parseSample(output);
    expect(s.containers).toHaveLength(4);
    expect(s.containers.every((x) => x.healthOutput === 'line one\nline "two" \\ done' && x.healthExitCode === 2)).toBe(true);
  });

  it('should read the host figures of the machine it runs on', () => {
    const s = parseSample(output);
    expect(s.complete).toBe(true);
    expect(s.cpu!.total).toBeGreaterThan(0);
    expect(s.uptimeSeconds).toBeGreaterThan(0);
    expect(s.memoryTotalBytes).toBeGreaterThan(s.memoryUsedBytes);
    expect(s.cpuCount).toBeGreaterThan(0);
  });

  it('should call docker once each for info, ps, inspect and stats, and run every one through sudo -n when asked', () => {
    expect(calls).toEqual(['docker info', 'docker ps', 'docker inspect', 'docker stats']);
    run(true);
    expect(calls.filter((c) => c.startsWith('sudo'))).toEqual([
      'sudo -n docker info --format {{.DockerRootDir}}',
      'sudo -n docker ps -q',
      expect.stringMatching(/^sudo -n docker inspect --type container --format /),
      expect.stringMatching(/^sudo -n docker stats --no-stream/),
    ]);
  });

  it('should be one fixed program with no text from outside in it', () => {
    expect(sampleCommand(false).argv).toEqual(['sh', '-c', SAMPLE_SCRIPT, 'otn-sample']);
    expect(sampleCommand(true).argv).toEqual(['sh', '-c', SAMPLE_SCRIPT, 'otn-sample', 'sudo']);
    expect(sampleCommand(true).opts.sudo).toBeUndefined(); // only docker needs root, not /proc and the cgroup files
  });
});
