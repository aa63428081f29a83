import { describePlace, formatPath, type PathSegment } from './document-path.js';
import { EXTENSION_KEY, type ViewEntry, type ViewMap, type ViewNode } from './docker-view.js';
import { checkDomain } from './domain-name.js';
import { checkTemplate } from './preview-template.js';
import { parseExposeSpec, parsePortSpec } from './port-spec.js';
import { knownScalar, serviceEntries } from './stack-services.js';
import type { Findings } from './swarm-rules.js';
import type { ValidationContext } from './types.js';
import type { Position } from './yaml-source.js';

/** What a service's `x-otternauts` asks for, once checked. */
export interface ServiceExtension {
  service: string;
  domains: string[];
  /** x-otternauts.port, or the one port the service exposes when it has domains; null otherwise. */
  port: number | null;
  /** x-otternauts.preview: what the service is in a pull request's preview (null: no domains, one replica). */
  preview: PreviewExtension | null;
}

/** x-otternauts.preview, once checked. */
export interface PreviewExtension {
  /** domain templates with {number}, {branch}, {sha} and {stack}, as written */
  domains: string[];
  /** replicas in a preview; null: 1 */
  replicas: number | null;
}

const KNOWN_KEYS = ['domains', 'port', 'preview'];
const PREVIEW_KEYS = ['domains', 'replicas'];
/** A preview is a look at a change, not a second production. */
export const MAX_PREVIEW_REPLICAS = 10;

export function readExtensions(
  root: ViewMap,
  stackName: string,
  ctx: ValidationContext,
): { extensions: Map<string, ServiceExtension>; findings: Findings } {
  const findings: Findings = { errors: [], warnings: [] };
  const error = (message: string, pos: Position, path: PathSegment[]) => findings.errors.push({ message, ...pos, path: formatPath(path) });
  const warn = (message: string, pos: Position, path: PathSegment[]) => findings.warnings.push({ message, ...pos, path: formatPath(path) });
  const extensions = new Map<string, ServiceExtension>();
  const routedBy = new Map<string, string>();

  findMisplaced(root, [], error);

  for (const { key: service, value } of serviceEntries(root)) {
    const entry = value.byKey.get(EXTENSION_KEY);
    const path: PathSegment[] = ['services', service, EXTENSION_KEY];
    const extension: ServiceExtension = { service, domains: [], port: null, preview: null };
    extensions.set(service, extension);
    if (!entry) continue;
    const node = entry.value;
    if (node.kind !== 'map') {
      error(`x-otternauts in service ${service} must be a mapping with \`domains\` and/or \`port\`.`, node.pos, path);
      continue;
    }
    for (const e of node.entries) {
      if (KNOWN_KEYS.includes(e.key)) continue;
      error(
        `Unknown key \`${e.key}\` in x-otternauts of service ${service}: Otternauts reads only \`domains\`, \`port\` and \`preview\`.`,
        e.keyPos,
        [...path, e.key],
      );
    }
    extension.domains = readDomains(node.byKey.get('domains'), [...path, 'domains'], service, stackName, ctx, routedBy, error);
    const previewEntry = node.byKey.get('preview');
    if (previewEntry) extension.preview = readPreview(previewEntry, [...path, 'preview'], service, stackName, error, warn);
    const portEntry = node.byKey.get('port');
    extension.port = portEntry ? readPort(portEntry.value, [...path, 'port'], service, error) : null;
    // a preview routes its templates' domains, so they need the port as much as the service's own
    if (!portEntry && (extension.domains.length > 0 || (extension.preview?.domains.length ?? 0) > 0)) {
      const exposed = exposedPorts(value);
      if (exposed.length === 1) {
        extension.port = exposed[0];
      } else {
        const what = exposed.length === 0 ? 'exposes no port' : `exposes several ports (${listPorts(exposed)})`;
        error(
          `Service ${service} has domains but ${what}, so Otternauts cannot tell where to send their traffic: add \`port\` under x-otternauts with the port the service listens on.`,
          node.pos,
          path,
        );
      }
    }
  }
  return { extensions, findings };
}

/** x-otternauts only means something directly under a service; top-level x-* blocks are templates and may hold it. */
function findMisplaced(node: ViewNode, path: PathSegment[], error: (message: string, pos: Position, path: PathSegment[]) => void) {
  if (node.kind === 'seq') node.items.forEach((item, i) => findMisplaced(item, [...path, i], error));
  if (node.kind !== 'map') return;
  for (const entry of node.entries) {
    const here = [...path, entry.key];
    if (path.length === 0 && entry.key.startsWith('x-') && entry.key !== EXTENSION_KEY) continue;
    if (entry.key === EXTENSION_KEY) {
      if (path.length === 2 && path[0] === 'services') continue;
      const message =
        path.length === 0
          ? 'x-otternauts belongs inside a service (services.<name>.x-otternauts), not at the top level.'
          : `x-otternauts in ${describePlace(path)} is out of place: it belongs directly under a service, like services.web.x-otternauts.`;
      error(message, entry.keyPos, here);
      continue;
    }
    findMisplaced(entry.value, here, error);
  }
}

function readDomains(
  entry: ViewEntry | undefined,
  path: PathSegment[],
  service: string,
  stackName: string,
  ctx: ValidationContext,
  routedBy: Map<string, string>,
  error: (message: string, pos: Position, path: PathSegment[]) => void,
): string[] {
  if (!entry) return [];
  const node = entry.value;
  if (node.kind !== 'seq') {
    error(`x-otternauts.domains in service ${service} must be a list of domains, like [example.com, www.example.com].`, node.pos, path);
    return [];
  }
  const domains: string[] = [];
  node.items.forEach((item, i) => {
    const itemPath = [...path, i];
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      error(`Each entry of x-otternauts.domains in service ${service} must be a domain name.`, item.pos, itemPath);
      return;
    }
    const written = item.value;
    if (written.includes('$')) {
      error(
        `Write the domain out in x-otternauts.domains of service ${service}: Otternauts checks domains before deploying, so they cannot come from variables.`,
        item.pos,
        itemPath,
      );
      return;
    }
    const checked = checkDomain(written);
    if (!checked.ok) {
      error(
        `"${written}" in x-otternauts.domains of service ${service} is not a domain Otternauts can route: ${checked.reason}.`,
        item.pos,
        itemPath,
      );
      return;
    }
    const domain = checked.domain;
    const sibling = routedBy.get(domain);
    if (sibling !== undefined) {
      const where = sibling === service ? `twice in service ${service}` : `in services ${sibling} and ${service}`;
      error(`${domain} is listed ${where}: a domain can lead to one service only.`, item.pos, itemPath);
      return;
    }
    routedBy.set(domain, service);
    const other = ctx.domainsInUse.get(domain);
    if (other !== undefined && other !== stackName) {
      error(
        `${domain} already leads to the stack ${other}: a domain can point at one stack only. Remove it there first, or choose another domain.`,
        item.pos,
        itemPath,
      );
      return;
    }
    domains.push(domain);
  });
  return domains;
}

function readPreview(
  entry: ViewEntry,
  path: PathSegment[],
  service: string,
  stackName: string,
  error: (message: string, pos: Position, path: PathSegment[]) => void,
  warn: (message: string, pos: Position, path: PathSegment[]) => void,
): PreviewExtension | null {
  const node = entry.value;
  if (node.kind !== 'map') {
    error(
      `x-otternauts.preview in service ${service} must be a mapping with \`domains\` (templates such as pr-{number}.preview.example.com) and/or \`replicas\`.`,
      node.pos,
      path,
    );
    return null;
  }
  for (const e of node.entries) {
    if (PREVIEW_KEYS.includes(e.key)) continue;
    error(
      `Unknown key \`${e.key}\` in x-otternauts.preview of service ${service}: Otternauts reads only \`domains\` and \`replicas\`.`,
      e.keyPos,
      [...path, e.key],
    );
  }
  const preview: PreviewExtension = { domains: [], replicas: null };
  const domains = node.byKey.get('domains');
  if (domains && domains.value.kind !== 'seq') {
    error(
      `x-otternauts.preview.domains in service ${service} must be a list of domain templates, like [pr-{number}.preview.example.com].`,
      domains.value.pos,
      [...path, 'domains'],
    );
  } else if (domains?.value.kind === 'seq') {
    const seen = new Set<string>();
    domains.value.items.forEach((item, i) => {
      const here = [...path, 'domains', i];
      if (item.kind !== 'scalar' || typeof item.value !== 'string') {
        error(`Each entry of x-otternauts.preview.domains in service ${service} must be a domain template.`, item.pos, here);
        return;
      }
      const written = item.value;
      if (written.includes('$')) {
        error(
          `Write the domain template out in x-otternauts.preview.domains of service ${service}: it is filled in with {number}, {branch}, {sha} and {stack}, not with variables.`,
          item.pos,
          here,
        );
        return;
      }
      const checked = checkTemplate(written, stackName);
      if (!checked.ok) {
        error(
          `"${shorten(written)}" in x-otternauts.preview.domains of service ${service} is not a usable template: ${checked.reason}.`,
          item.pos,
          here,
        );
        return;
      }
      if (checked.warning)
        warn(`"${shorten(written)}" in x-otternauts.preview.domains of service ${service}: ${checked.warning}.`, item.pos, here);
      const key = written.toLowerCase();
      if (seen.has(key)) {
        error(`${written} is listed twice in x-otternauts.preview.domains of service ${service}.`, item.pos, here);
        return;
      }
      seen.add(key);
      preview.domains.push(written);
    });
  }
  const replicas = node.byKey.get('replicas');
  if (replicas) {
    const value = replicas.value.kind === 'scalar' ? replicas.value.value : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PREVIEW_REPLICAS) preview.replicas = value;
    else
      error(
        `x-otternauts.preview.replicas in service ${service} must be a whole number from 0 to ${MAX_PREVIEW_REPLICAS}, written out (0: the service does not run in previews).`,
        replicas.value.pos,
        [...path, 'replicas'],
      );
  }
  return preview;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function readPort(
  node: ViewNode,
  path: PathSegment[],
  service: string,
  error: (message: string, pos: Position, path: PathSegment[]) => void,
): number | null {
  const value = node.kind === 'scalar' ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
  let reason = 'it must be a whole number from 1 to 65535';
  if (typeof value === 'string' && value.includes('$'))
    reason = 'write the number out: Otternauts needs it before deploying, so it cannot come from a variable';
  else if (typeof value === 'string' && /^\d+$/.test(value)) reason = `write it as a number, without quotes: port: ${value}`;
  error(`x-otternauts.port in service ${service} is not valid: ${reason}.`, node.pos, path);
  return null;
}

function listPorts(ports: number[]): string {
  return ports.length <= 6 ? ports.join(', ') : `${ports.slice(0, 5).join(', ')} and ${ports.length - 5} more`;
}

/** The distinct TCP ports a service exposes or publishes (its container side), from every syntax of `expose` and `ports`. */
function exposedPorts(service: ViewMap): number[] {
  const ports = new Set<number>();
  const addRange = (start: number, end: number) => {
    for (let p = start; p <= end; p++) ports.add(p);
  };
  const expose = service.byKey.get('expose')?.value;
  if (expose?.kind === 'seq') {
    for (const item of expose.items) {
      const value = knownScalar(item)?.value;
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const spec = parseExposeSpec(String(value));
      if (spec && spec.protocol === 'tcp') addRange(spec.start, spec.end);
    }
  }
  const published = service.byKey.get('ports')?.value;
  if (published?.kind === 'seq') {
    for (const item of published.items) {
      if (item.kind === 'map') {
        const target = knownScalar(item.byKey.get('target')?.value)?.value;
        const protocol = knownScalar(item.byKey.get('protocol')?.value)?.value ?? 'tcp';
        if (typeof target === 'number' && typeof protocol === 'string' && protocol.toLowerCase() === 'tcp') ports.add(target);
        continue;
      }
      const value = knownScalar(item)?.value;
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const parsed = parsePortSpec(String(value));
      if (parsed.ok && parsed.port.protocol === 'tcp') addRange(parsed.port.target.start, parsed.port.target.end);
    }
  }
  return [...ports].sort((a, b) => a - b);
}
