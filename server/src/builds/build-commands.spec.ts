import { BuildCommands } from './build-commands.js';

const spec = { context: 'web', dockerfile: 'docker/Dockerfile', args: {}, target: null };

describe(BuildCommands.name, () => {
  it('should build with BuildKit from the tar on stdin, labelled with the stack, in its own config folder', () => {
    const cmd = new BuildCommands(false).withConfigDir('/tmp/otternauts-build.AbC123').build({
      spec,
      tag: '10.77.0.11:5000/shop/web:4f2a9c1',
      stack: 'shop',
      buildkit: true,
    });
    expect(cmd.toShell()).toBe(
      "env 'DOCKER_CONFIG=/tmp/otternauts-build.AbC123' 'DOCKER_BUILDKIT=1' docker --config /tmp/otternauts-build.AbC123 build '--progress=plain' -f docker/Dockerfile -t 10.77.0.11:5000/shop/web:4f2a9c1 --label 'org.otternauts.stack=shop' -",
    );
  });

  it('should quote every build argument, target and path a user wrote, each one a single word', () => {
    const cmd = new BuildCommands(true).build({
      spec: { context: '', dockerfile: "my dir/Docker'file", args: { GREETING: "hi'; rm -rf / #", EMPTY: '' }, target: '$(id)' },
      tag: 'ghcr.io/otto/shop/web:abc',
      stack: 'shop',
      buildkit: false,
    });
    expect(cmd.toShell()).toBe(
      "sudo -n -- env 'DOCKER_BUILDKIT=0' docker build -f 'my dir/Docker'\\''file' -t ghcr.io/otto/shop/web:abc --label 'org.otternauts.stack=shop' --build-arg 'GREETING=hi'\\''; rm -rf / #' --build-arg 'EMPTY=' --target '$(id)' -",
    );
    expect(cmd.argv).toContain("GREETING=hi'; rm -rf / #");
  });

  it('should log in with the password on stdin, never in argv', () => {
    const cmd = new BuildCommands(false).withConfigDir('/tmp/otternauts-build.x').login('10.77.0.11:5000', 'otto');
    expect(cmd.argv.slice(-5)).toEqual(['login', '--username', 'otto', '--password-stdin', '10.77.0.11:5000']);
  });

  it('should prune the build cache and our labelled images by age', () => {
    const docker = new BuildCommands(false);
    expect(docker.pruneCache(604800).toShell()).toBe("docker builder prune --force --filter 'until=604800s'");
    expect(docker.pruneImages('shop', 3600).toShell()).toBe(
      "docker image prune --all --force --filter 'label=org.otternauts.stack=shop' --filter 'until=3600s'",
    );
  });

  it("should sweep only the SSH user's own stale build folders, never through a link", () => {
    expect(new BuildCommands(true).sweepDirs('otter', 65).argv).toEqual([
      'find',
      '/tmp',
      '-mindepth',
      '1',
      '-maxdepth',
      '1',
      '-type',
      'd',
      '-name',
      'otternauts-build.*',
      '-user',
      'otter',
      '-mmin',
      '+65',
      '-print',
      '-exec',
      'rm',
      '-rf',
      '--',
      '{}',
      '+',
    ]);
  });
});
