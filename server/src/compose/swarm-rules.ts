import { formatPath, type PathSegment } from './document-path.js';
import type { ViewMap, ViewNode } from './docker-view.js';
import { parsePortSpec } from './port-spec.js';
import { declaredNames, knownScalar, knownText, serviceEntries } from './stack-services.js';
import type { ComposeIssue } from './types.js';
import { isRelativeHostPath, parseVolumeSpec } from './volume-spec.js';
import type { Position } from './yaml-source.js';

export interface Findings {
  errors: ComposeIssue[];
  warnings: ComposeIssue[];
}

/**
 * Keys `docker stack deploy` leaves out of a Swarm service (docker/cli's UnsupportedProperties and
 * DeprecatedProperties, plus depends_on, which it never reads), with what to do instead.
 */
const IGNORED_BY_SWARM: Readonly<Record<string, string>> = {
  container_name: 'Swarm names the containers itself; other services reach this one by its service name',
  expose: 'services on the same network reach each other on any port (Otternauts reads it only to find the port for x-otternauts)',
  links: 'services on the same network already reach each other by service name (add `aliases` under `networks` for other names)',
  external_links: "attach the service to the other stack's network (declared with `external: true`) instead",
  network_mode:
    "to use the host's network, attach the service to the network `host` (declared under `networks` with `external: true` and `name: host`)",
  privileged: 'Swarm services cannot run privileged: grant the capabilities the service needs with `cap_add`',
  devices: 'Swarm services cannot map host devices',
  security_opt: 'Swarm services cannot set security options',
  shm_size: 'mount a tmpfs volume at /dev/shm instead (type: tmpfs, target: /dev/shm, tmpfs.size)',
  // not in docker/cli's list, but a Swarm container spec has no tmpfs field: it is dropped silently
  tmpfs: 'mount a tmpfs volume instead (under `volumes`: type: tmpfs, target: /run)',
  cgroup_parent: 'Swarm services cannot choose their cgroup',
  cgroupns_mode: 'Swarm services cannot choose their cgroup namespace',
  domainname: 'Swarm services cannot set a domain name',
  ipc: 'Swarm services cannot share an IPC namespace',
  mac_address: 'Swarm services cannot set a MAC address',
  pid: 'Swarm services cannot share a PID namespace',
  userns_mode: 'Swarm services cannot choose their user namespace',
};

const TRAEFIK_PORTS = new Set([80, 443]);

/** Whether the stack's files beside the Compose file can be read (see ValidationContext.files). */
export type FileSource = 'none' | 'repository';

export function checkSwarmRules(root: ViewMap, files: FileSource = 'none'): Findings {
  const findings: Findings = { errors: [], warnings: [] };
  const error = (message: string, pos: Position, path: PathSegment[]) => findings.errors.push({ message, ...pos, path: formatPath(path) });
  const warn = (message: string, pos: Position, path: PathSegment[]) => findings.warnings.push({ message, ...pos, path: formatPath(path) });
  const declared = {
    networks: declaredNames(root, 'networks'),
    volumes: declaredNames(root, 'volumes'),
    secrets: declaredNames(root, 'secrets'),
    configs: declaredNames(root, 'configs'),
  };

  for (const { key: name, value: service } of serviceEntries(root)) {
    const at = (...rest: PathSegment[]): PathSegment[] => ['services', name, ...rest];
    const entry = (key: string) => service.byKey.get(key);

    const image = entry('image');
    const build = entry('build');
    const noImage = !image || (image.value.kind === 'scalar' && image.value.value === null);
    if (build && files === 'repository') {
      // built from the commit, or refused without a registry for builds: build-rules.ts judges it
    } else if (noImage && build) {
      // docker stack deploy never builds: it drops `build` and would create a service with no image
      error(
        `Service ${name} has \`build\` but no \`image\`: docker stack deploy does not build images. Build and push the image (for example docker build -t registry.example.com/app:1 . && docker push registry.example.com/app:1), then name it in \`image\`.`,
        build.keyPos,
        at('build'),
      );
    } else if (noImage) {
      error(
        `Service ${name} has no \`image\`: Otternauts runs pre-built images, so name the one to run (for example image: nginx:1.27).`,
        image ? image.value.pos : service.pos,
        at('image'),
      );
    } else if (knownText(image.value) === '') {
      error(`Service ${name} has an empty \`image\`: name the image to run.`, image.value.pos, at('image'));
    } else if (build) {
      // docker/cli lists build among its unsupported properties: "Ignoring unsupported options: build"
      const named = knownText(image.value);
      warn(
        `\`build\` in service ${name} is ignored by docker stack deploy: the image ${named === null ? 'named in `image`' : named} is deployed as it is in its registry.`,
        build.keyPos,
        at('build'),
      );
    }

    for (const e of service.entries) {
      if (!Object.hasOwn(IGNORED_BY_SWARM, e.key)) continue;
      warn(`Swarm ignores \`${e.key}\` in service ${name}: ${IGNORED_BY_SWARM[e.key]}.`, e.keyPos, at(e.key));
    }
    const restart = entry('restart');
    if (restart) {
      warn(
        `docker stack deploy warns that \`restart\` in service ${name} is unsupported (it reads it only when deploy.restart_policy is missing): set deploy.restart_policy (condition: any, on-failure or none) instead.`,
        restart.keyPos,
        at('restart'),
      );
    }
    const dependsOn = entry('depends_on');
    if (dependsOn?.value.kind === 'seq') {
      warn(
        `Swarm ignores \`depends_on\` in service ${name}: services start in any order, so make each one retry until what it needs answers (a healthcheck lets Swarm replace it meanwhile).`,
        dependsOn.keyPos,
        at('depends_on'),
      );
    }

    const envFile = entry('env_file');
    if (envFile && files === 'none') {
      error(
        `\`env_file\` in service ${name} reads a file, and a pasted stack brings no files with it: move the variables into \`environment\` (store secret values under Secrets and write \${NAME}), or keep the stack in a repository, where env files beside the Compose file are read.`,
        envFile.keyPos,
        at('env_file'),
      );
    }

    checkVolumes(entry('volumes')?.value, at('volumes'), name, declared.volumes, files, error);
    checkPorts(entry('ports')?.value, at('ports'), name, error, warn);
    checkNetworks(entry('networks')?.value, at('networks'), name, declared.networks, error);
    for (const section of ['secrets', 'configs'] as const) {
      checkFileObjects(entry(section)?.value, at(section), name, section, declared[section], error);
    }
  }

  if (files === 'none') {
    for (const section of ['secrets', 'configs'] as const) {
      const node = root.byKey.get(section)?.value;
      if (node?.kind !== 'map') continue;
      for (const object of node.entries) {
        const file = object.value.kind === 'map' ? object.value.byKey.get('file') : undefined;
        if (!file) continue;
        const kind = section === 'secrets' ? 'secret' : 'config';
        // docker/cli's schemas (3.0 to 3.13) know no inline `content:` for configs or secrets:
        // the data comes from a file or from an object already on the cluster.
        error(
          `The ${kind} ${object.key} is read from a file, and a pasted stack has no folder: \`file:\` needs the stack in a repository (then the file is read beside the Compose file at the deployed commit), or create the ${kind} on the cluster (docker ${kind} create) and declare it with \`external: true\`.`,
          file.keyPos,
          [section, object.key, 'file'],
        );
      }
    }
  }
  return findings;
}

type Report = (message: string, pos: Position, path: PathSegment[]) => void;

function checkVolumes(
  node: ViewNode | undefined,
  path: PathSegment[],
  service: string,
  declared: Set<string>,
  files: FileSource,
  error: Report,
) {
  // From a repository only the files that configs, secrets and env_file name are sent, not folders to mount.
  const why =
    files === 'none'
      ? 'a pasted stack brings no files with it'
      : 'Otternauts sends the manager only the files that configs, secrets and env_file name';
  if (node?.kind !== 'seq') return;
  node.items.forEach((item, i) => {
    const itemPath = [...path, i];
    let type: string | null;
    let source: string | null;
    let shown: string;
    if (item.kind === 'scalar') {
      const text = knownText(item);
      if (text === null) return;
      const parsed = parseVolumeSpec(text);
      if (!parsed.ok) {
        error(`The volume "${text}" in service ${service} is not valid: ${parsed.reason}.`, item.pos, itemPath);
        return;
      }
      ({ type, source } = parsed.volume);
      shown = `"${text}"`;
    } else if (item.kind === 'map') {
      type = knownText(item.byKey.get('type')?.value);
      source = knownText(item.byKey.get('source')?.value);
      shown = `with source ${source ?? ''}`;
    } else {
      return;
    }
    if (type === 'bind' && source !== null && isRelativeHostPath(source)) {
      error(
        `The volume ${shown} in service ${service} mounts a path relative to the compose file (or a home folder), and ${why}: use a named volume, a config for a single file, or an absolute path that exists on the nodes.`,
        item.pos,
        itemPath,
      );
    } else if (type === 'volume' && source && !declared.has(source)) {
      error(
        `The volume ${source} used by service ${service} is not declared under the top-level \`volumes\`: add it there (docker stack deploy stops with "undefined volume").`,
        item.pos,
        itemPath,
      );
    }
  });
}

function checkPorts(node: ViewNode | undefined, path: PathSegment[], service: string, error: Report, warn: Report) {
  if (node?.kind !== 'seq') return;
  node.items.forEach((item, i) => {
    const itemPath = [...path, i];
    const published: number[] = [];
    if (item.kind === 'scalar') {
      const scalar = knownScalar(item);
      if (!scalar || (typeof scalar.value !== 'string' && typeof scalar.value !== 'number')) return;
      const text = String(scalar.value);
      const parsed = parsePortSpec(text);
      if (!parsed.ok) {
        error(`The port "${text}" in service ${service} is not valid: ${parsed.reason}.`, item.pos, itemPath);
        return;
      }
      if (parsed.port.hostIp !== '') {
        warn(
          `Swarm ignores the address ${parsed.port.hostIp} in the port "${text}" of service ${service}: the port is published on every address of every node.`,
          item.pos,
          itemPath,
        );
      }
      if (parsed.port.published) for (let p = parsed.port.published.start; p <= parsed.port.published.end; p++) published.push(p);
    } else if (item.kind === 'map') {
      const value = knownScalar(item.byKey.get('published')?.value)?.value;
      if (typeof value === 'number') published.push(value);
    }
    for (const port of published.filter((p) => TRAEFIK_PORTS.has(p))) {
      warn(
        `Service ${service} publishes port ${port}, which Traefik already publishes on every node of an Otternauts cluster: docker stack deploy will report the port as in use. Route a domain to the service with x-otternauts instead, or publish another port.`,
        item.pos,
        itemPath,
      );
    }
  });
}

function checkNetworks(node: ViewNode | undefined, path: PathSegment[], service: string, declared: Set<string>, error: Report) {
  const used: Array<{ name: string; pos: Position; path: PathSegment[] }> = [];
  if (node?.kind === 'seq') {
    node.items.forEach((item, i) => {
      const name = knownText(item);
      if (name !== null) used.push({ name, pos: item.pos, path: [...path, i] });
    });
  } else if (node?.kind === 'map') {
    for (const e of node.entries) used.push({ name: e.key, pos: e.keyPos, path: [...path, e.key] });
  }
  for (const { name, pos, path: p } of used) {
    if (name === 'default' || declared.has(name)) continue;
    error(
      `Service ${service} joins the network ${name}, which is not declared under the top-level \`networks\`: add it there (docker stack deploy stops with "undefined network").`,
      pos,
      p,
    );
  }
}

function checkFileObjects(
  node: ViewNode | undefined,
  path: PathSegment[],
  service: string,
  section: 'secrets' | 'configs',
  declared: Set<string>,
  error: Report,
) {
  if (node?.kind !== 'seq') return;
  const kind = section === 'secrets' ? 'secret' : 'config';
  node.items.forEach((item, i) => {
    const name = item.kind === 'map' ? knownText(item.byKey.get('source')?.value) : knownText(item);
    if (name === null || declared.has(name)) return;
    error(
      `Service ${service} uses the ${kind} ${name}, which is not declared under the top-level \`${section}\`: add it there (docker stack deploy stops with "undefined ${kind}").`,
      item.pos,
      [...path, i],
    );
  });
}
