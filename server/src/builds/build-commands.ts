import { RemoteCommand } from '../ssh/command.js';
import { sweepStaleDirs } from '../ssh/stale-dirs.js';
import type { BuildSpec } from './build-plan.js';

/** The label every built image carries: what the prune after a build may remove. */
export const STACK_LABEL = 'org.otternauts.stack';

/**
 * A build's registry logins live in a folder of their own on the build server (mktemp -d: 0700,
 * the SSH user's), removed when the build ends. Not the deploy step's login-folder prefix: that
 * sweep takes folders older than a deploy may last, and a build may rightly last longer.
 */
export const BUILD_DIR_PARENT = '/tmp';
export const BUILD_DIR_PREFIX = 'otternauts-build.';

export interface BuildInvocation {
  spec: BuildSpec;
  tag: string;
  stack: string;
  /** BuildKit (`docker buildx version` answered) or the legacy builder */
  buildkit: boolean;
}

/**
 * The docker CLI on the build server with its own client configuration folder. `env` sets
 * DOCKER_CONFIG for the buildx plugin as well as --config for the CLI, and DOCKER_BUILDKIT
 * chooses the builder (0 keeps a Docker without buildx from refusing to build at all).
 */
export class BuildCommands {
  constructor(
    private readonly sudo: boolean,
    private readonly configDir: string | null = null,
  ) {}

  withConfigDir(dir: string): BuildCommands {
    return new BuildCommands(this.sudo, dir);
  }

  private docker(args: string[], env: string[] = []): RemoteCommand {
    const config = this.configDir ? [`DOCKER_CONFIG=${this.configDir}`] : [];
    const global = this.configDir ? ['--config', this.configDir] : [];
    const words = [...config, ...env];
    return new RemoteCommand([...(words.length ? ['env', ...words] : []), 'docker', ...global, ...args], { sudo: this.sudo });
  }

  buildxVersion = () => this.docker(['buildx', 'version']);

  /** The password comes on stdin: never in argv, where `ps` would show it. */
  login = (registry: string, username: string) => this.docker(['login', '--username', username, '--password-stdin', registry]);

  /** The context is a tar on stdin (`-`): nothing is written to the build server's disk but the image. */
  build(b: BuildInvocation): RemoteCommand {
    const args = ['build', ...(b.buildkit ? ['--progress=plain'] : []), '-f', b.spec.dockerfile, '-t', b.tag];
    args.push('--label', `${STACK_LABEL}=${b.stack}`);
    for (const [name, value] of Object.entries(b.spec.args)) args.push('--build-arg', `${name}=${value}`);
    if (b.spec.target) args.push('--target', b.spec.target);
    args.push('-');
    return this.docker(args, [`DOCKER_BUILDKIT=${b.buildkit ? '1' : '0'}`]);
  }

  push = (tag: string) => this.docker(['push', tag]);

  /** The build cache older than the bound; `until` takes a Go duration. */
  pruneCache = (maxAgeSeconds: number) => this.docker(['builder', 'prune', '--force', '--filter', `until=${maxAgeSeconds}s`]);

  /** Images we built for this stack, older than the bound and used by no container. */
  pruneImages = (stack: string, maxAgeSeconds: number) =>
    this.docker(['image', 'prune', '--all', '--force', '--filter', `label=${STACK_LABEL}=${stack}`, '--filter', `until=${maxAgeSeconds}s`]);

  makeDir = () => new RemoteCommand(['mktemp', '-d', `${BUILD_DIR_PARENT}/${BUILD_DIR_PREFIX}XXXXXXXX`]);

  /** sudo: `sudo docker login` wrote config.json as root. */
  removeDir = (dir: string) => new RemoteCommand(['rm', '-rf', '--', dir], { sudo: this.sudo });

  /** Build folders of `owner` untouched for longer than a build and its push may take: left by a Mission Control stopped mid-build. */
  sweepDirs = (owner: string, staleMinutes: number) => sweepStaleDirs(BUILD_DIR_PARENT, [BUILD_DIR_PREFIX], owner, staleMinutes, this.sudo);
}
