import { RemoteCommand } from '../ssh/command.js';
import { hostPort, listenAddress } from './swarm-address.js';

/** The Engine API version of Docker 20.10, which every later Engine still serves. */
const ENGINE_API = 'v1.41';
const DOCKER_SOCKET = '/var/run/docker.sock';

/**
 * Every docker CLI invocation Mission Control makes, as argument lists. `sudo` is true for
 * non-root SSH users (passwordless sudo is a preflight requirement).
 */
export class DockerCommands {
  constructor(
    private readonly sudo: boolean,
    private readonly globalArgs: string[] = [],
  ) {}

  private docker(...args: string[]): RemoteCommand {
    return new RemoteCommand(['docker', ...this.globalArgs, ...args], { sudo: this.sudo });
  }

  /** The same commands with their own client config directory (registry logins of one deployment). */
  withConfigDir(dir: string): DockerCommands {
    return new DockerCommands(this.sudo, ['--config', dir]);
  }

  /** The password comes on stdin: never in argv, where `ps` would show it. */
  login = (registry: string, username: string) => this.docker('login', '--username', username, '--password-stdin', registry);

  version = () => this.docker('version', '--format', '{{json .}}');
  info = () => this.docker('info', '--format', '{{json .}}');
  swarmInit = (advertiseAddress: string) =>
    this.docker('swarm', 'init', '--advertise-addr', hostPort(advertiseAddress), '--listen-addr', listenAddress(advertiseAddress));
  /**
   * Fallback only (no curl on the server): the token is in argv here, where any local user's
   * `ps` sees it for as long as the join runs.
   */
  swarmJoin = (token: string, managerAddress: string, advertiseAddress: string) =>
    this.docker(
      'swarm',
      'join',
      '--token',
      token,
      '--advertise-addr',
      hostPort(advertiseAddress),
      '--listen-addr',
      listenAddress(advertiseAddress),
      hostPort(managerAddress),
    );
  /**
   * `POST /swarm/join` through the Docker socket, the body (with the token) on stdin: the
   * token is never in argv. Prints the response body, then the HTTP status on its own line.
   */
  swarmJoinApi = () =>
    new RemoteCommand(
      [
        'curl',
        '--silent',
        '--show-error',
        '--unix-socket',
        DOCKER_SOCKET,
        '--header',
        'Content-Type: application/json',
        '--data-binary',
        '@-',
        '--write-out',
        '\\n%{http_code}',
        `http://localhost/${ENGINE_API}/swarm/join`,
      ],
      { sudo: this.sudo },
    );
  /** What `swarmJoinApi` reads on stdin. */
  swarmJoinBody = (token: string, managerAddress: string, advertiseAddress: string) =>
    JSON.stringify({
      ListenAddr: listenAddress(advertiseAddress),
      AdvertiseAddr: hostPort(advertiseAddress),
      RemoteAddrs: [hostPort(managerAddress)],
      JoinToken: token,
    });
  /** Whether the Engine API join can be used here (curl present). */
  hasCurl = () => new RemoteCommand(['command', '-v', 'curl']);
  joinToken = (role: 'manager' | 'worker') => this.docker('swarm', 'join-token', '--quiet', role);
  swarmLeave = (force: boolean) => this.docker('swarm', 'leave', ...(force ? ['--force'] : []));
  nodeList = () => this.docker('node', 'ls', '--format', '{{json .}}');
  nodeDrain = (nodeId: string) => this.docker('node', 'update', '--availability', 'drain', nodeId);
  nodeDemote = (nodeId: string) => this.docker('node', 'demote', nodeId);
  nodeRemove = (nodeId: string) => this.docker('node', 'rm', '--force', nodeId);
  networkList = (name: string) => this.docker('network', 'ls', '--filter', `name=^${name}$`, '--format', '{{json .}}');
  networkCreateOverlay = (name: string) => this.docker('network', 'create', '--driver', 'overlay', '--attachable', name);
  /** The compose file comes on stdin (`-c -`), so rendered secrets never touch the disk. */
  stackDeploy = (stack: string, opts: { withRegistryAuth?: boolean; resolveImage?: 'always' | 'changed' | 'never' } = {}) =>
    this.docker(
      'stack',
      'deploy',
      '--compose-file',
      '-',
      '--prune',
      ...(opts.withRegistryAuth ? ['--with-registry-auth'] : []),
      ...(opts.resolveImage ? ['--resolve-image', opts.resolveImage] : []),
      stack,
    );
  stackRemove = (stack: string) => this.docker('stack', 'rm', stack);
  stackServices = (stack: string) => this.docker('stack', 'services', '--format', '{{json .}}', stack);
  stackTasks = (stack: string) => this.docker('stack', 'ps', '--no-trunc', '--format', '{{json .}}', stack);
  serviceList = () => this.docker('service', 'ls', '--format', '{{json .}}');
  serviceTasks = (...services: string[]) => this.docker('service', 'ps', '--no-trunc', '--format', '{{json .}}', ...services);
  serviceInspect = (...services: string[]) => this.docker('service', 'inspect', ...services);
  /** Each service's name and the image its spec runs (with the digest Swarm pinned), tab-separated, one a line. */
  serviceImages = (...services: string[]) =>
    this.docker('service', 'inspect', '--format', '{{.Spec.Name}}\t{{.Spec.TaskTemplate.ContainerSpec.Image}}', ...services);
  networksOfStack = (stack: string) =>
    this.docker('network', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{json .}}');
  /** Names of the stack's configs, one a line (docker stack deploy labels what it creates with the namespace). */
  stackConfigNames = (stack: string) =>
    this.docker('config', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}');
  configRemove = (...names: string[]) => this.docker('config', 'rm', ...names);
  stackSecretNames = (stack: string) =>
    this.docker('secret', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}');
  secretRemove = (...names: string[]) => this.docker('secret', 'rm', ...names);
  serviceLogs = (service: string, opts: { tail?: number; since?: string; follow?: boolean; timestamps?: boolean }) =>
    this.docker(
      'service',
      'logs',
      '--no-trunc',
      ...(opts.timestamps !== false ? ['--timestamps'] : []),
      ...(opts.tail !== undefined ? ['--tail', String(opts.tail)] : []),
      ...(opts.since ? ['--since', opts.since] : []),
      ...(opts.follow ? ['--follow'] : []),
      service,
    );
}
