import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverRoot } from '../config/app-config.js';

const SCRIPT = path.resolve(serverRoot, '..', 'templates', 'install-docker.sh');
const TOOLS = ['sh', 'mktemp', 'rm', 'cat', 'ls', 'cut', 'dirname', 'chmod', 'sleep'];

/**
 * The real installer under a real `sh`, with `curl` replaced by a stub that "downloads" a
 * convenience script of the test's choosing: where it runs from and what is left behind
 * are what a local user on the server could abuse.
 */
function runInstaller(getDocker: string): Promise<{ code: number; stdout: string; stderr: string; tmp: string; bin: string }> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'otn-install-tmp-'));
  const bin = mkdtempSync(path.join(tmpdir(), 'otn-install-bin-'));
  const stub = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  // curl -fsSL --max-time 60 URL -o FILE: write the chosen script to FILE
  stub('curl', `while [ $# -gt 1 ]; do shift; done; cat > "$1" <<'EOF'\n${getDocker}\nEOF`);
  // Only these tools: the installer must not find this machine's docker or systemctl.
  for (const tool of TOOLS)
    symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
  const PATH = bin;
  return new Promise((resolve) => {
    execFile(path.join(bin, 'sh'), ['-s'], { env: { PATH, TMPDIR: tmp, STUB_BIN: bin }, timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr, tmp, bin });
    }).stdin!.end(readFileSync(SCRIPT));
  });
}

describe('install-docker.sh', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('should run the convenience script from a fresh private directory and remove it after success', async () => {
    // the "installer" reports where it runs and installs a docker that answers `docker version`
    const r = await runInstaller(
      'echo "ran from $0"; ls -ld "$(dirname "$0")" | cut -c1-10; printf "#!/bin/sh\\necho Docker 26.1.5\\n" > "$STUB_BIN/docker"; chmod 755 "$STUB_BIN/docker"',
    );
    made.push(r.tmp, r.bin);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ranFrom = /ran from (\S+)/.exec(r.stdout)![1];
    expect(path.dirname(path.dirname(ranFrom))).toBe(r.tmp);
    expect(path.basename(path.dirname(ranFrom))).toMatch(/^otternauts-docker\.[A-Za-z0-9]{10}$/);
    expect(ranFrom).not.toBe(path.join(r.tmp, 'otternauts-get-docker.sh'));
    expect(r.stdout).toContain('drwx------');
    expect(r.stdout).toContain('Docker 26.1.5');
    expect(readdirSync(r.tmp)).toEqual([]);
  });

  it('should remove its directory when the convenience script fails too', async () => {
    const r = await runInstaller('echo "E: Unable to locate package docker-ce" >&2; exit 100');
    made.push(r.tmp, r.bin);
    expect(r.code).toBe(100);
    expect(r.stderr).toContain('Unable to locate package docker-ce');
    expect(readdirSync(r.tmp)).toEqual([]);
  });

  it('should remove its directory when it is killed while the script runs', async () => {
    const r = await runInstaller('kill -TERM $PPID; sleep 1');
    made.push(r.tmp, r.bin);
    expect(r.code).toBe(143);
    expect(readdirSync(r.tmp)).toEqual([]);
  });
});
