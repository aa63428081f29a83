import type { BuildSpec, PlannedBuild } from '../builds/build-plan.js';
import { builtImageName } from './built-image-name.js';
import { formatPath, type PathSegment } from './document-path.js';
import type { ViewEntry, ViewMap, ViewNode, ViewScalar } from './docker-view.js';
import { resolveFolderInRepository, resolveInContext } from './repository-path.js';
import { serviceEntries } from './stack-services.js';
import type { Findings } from './swarm-rules.js';
import type { BuildTarget } from './types.js';
import { parseTemplate, references } from './variable-template.js';
import { parseSource, type Position } from './yaml-source.js';

/** More would be a mistake, and every one becomes a `--build-arg` of the builder's command line. */
export const MAX_BUILD_ARGS = 100;
const MAX_ARG_VALUE = 4096;
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Docker's stage names (`FROM ... AS <name>`). */
const STAGE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,127}$/;

/** Keys a build from the commit's files cannot honour, refused: each changes what is built or what the build reaches. */
const REFUSED: Readonly<Record<string, string>> = {
  dockerfile_inline: 'write the Dockerfile into the repository and name it with `dockerfile`, so the commit says what is built',
  ssh: 'the build server has no SSH agent to lend the build; fetch what the build needs in the repository instead',
  secrets:
    'build secrets would have to be files on the build server; pass what the build needs another way (at run time, as a stored secret)',
  additional_contexts: 'only the one context folder is sent to the build server; move what the build needs into it',
  network: "the build runs on the build server's default network",
  privileged: 'builds run unprivileged',
  entitlements: 'builds run without extra entitlements',
  platforms: "the image is built for the build server's platform; Swarm runs it on nodes of the same platform",
};

/** Keys that change how the image is built locally but not what Swarm runs: warned about and left out. */
const IGNORED: Readonly<Record<string, string>> = {
  labels: 'the built image carries only the labels of its Dockerfile (and org.otternauts.stack)',
  cache_from: "the build server's own cache is used",
  cache_to: "the build server's own cache is used",
  tags: 'the image is tagged <registry>/<stack>/<service>:<commit>',
  shm_size: 'the builder uses its default',
  extra_hosts: 'the builder resolves names with the build server\u2019s own resolver',
  isolation: 'the builder uses its default',
  no_cache: "the build server's cache is used and pruned by age",
  pull: 'the builder pulls base images it does not have',
  ulimits: 'the builder uses its defaults',
};

const KNOWN = new Set(['context', 'dockerfile', 'args', 'target', ...Object.keys(REFUSED), ...Object.keys(IGNORED)]);

/**
 * The images of a stack from a repository: each service with `build:` is built from the commit
 * and deployed under the tag builtImageName gives, when the stack names a registry for builds.
 * Everything docker compose would read differently from us, or that a build from an archive of
 * the commit cannot honour, is an error at its line.
 */
export function readBuilds(root: ViewMap, target: BuildTarget | undefined): { builds: PlannedBuild[]; findings: Findings } {
  const findings: Findings = { errors: [], warnings: [] };
  const error = (message: string, pos: Position, path: PathSegment[]) => findings.errors.push({ message, ...pos, path: formatPath(path) });
  const warn = (message: string, pos: Position, path: PathSegment[]) => findings.warnings.push({ message, ...pos, path: formatPath(path) });
  const builds: PlannedBuild[] = [];
  const imageOwners = new Map<string, string>();

  for (const { key: service, value } of serviceEntries(root)) {
    const build = value.byKey.get('build');
    if (!build) continue;
    const at: PathSegment[] = ['services', service, 'build'];
    const image = value.byKey.get('image');
    const written = image && image.value.kind === 'scalar' && typeof image.value.value === 'string' ? image.value.value : '';
    if (!target?.registry && written !== '') {
      // as before builds existed: docker stack deploy drops `build` and runs the image named
      warn(
        `\`build\` in service ${service} is not built: this stack names no registry for builds, so ${written} is deployed as it is in its registry. Choose a registry for builds in the stack's source settings to build it from the commit.`,
        build.keyPos,
        at,
      );
      continue;
    }
    if (!target?.registry) {
      error(
        `Service ${service} has \`build\`, and this stack names no registry for builds: choose one in the stack's source settings (the image is built from the commit and pushed there), or name a pre-built image in \`image\` and drop \`build\`.`,
        build.keyPos,
        at,
      );
      continue;
    }
    const spec = readSpec(build, at, service, target.composeFile, error, warn);
    if (!spec) continue;
    const name = builtImageName(target.registry, target.imageStack, service, target.commit);
    if (!name.ok) {
      error(`Service ${service} cannot be built: ${name.reason}.`, build.keyPos, at);
      continue;
    }
    const owner = imageOwners.get(name.image);
    if (owner !== undefined) {
      error(
        `Services ${owner} and ${service} would both build the image ${name.image} (image names are lower case): rename one of them.`,
        build.keyPos,
        at,
      );
      continue;
    }
    imageOwners.set(name.image, service);
    if (image && !(image.value.kind === 'scalar' && image.value.value === null)) {
      const written = image.value.kind === 'scalar' && typeof image.value.written === 'string' ? image.value.written : 'the one written';
      warn(
        `Service ${service} is built from the repository, so it runs ${name.image} instead of ${written}: remove \`image\`, or remove \`build\` to run that image.`,
        image.keyPos,
        ['services', service, 'image'],
      );
    }
    builds.push({ service, image: name.image, spec });
  }
  return { builds, findings };
}

type Report = (message: string, pos: Position, path: PathSegment[]) => void;

function readSpec(
  build: ViewEntry,
  at: PathSegment[],
  service: string,
  composeFile: string,
  error: Report,
  warn: Report,
): BuildSpec | null {
  const node = build.value;
  if (node.kind === 'scalar') {
    // `build: ./app`; anything but text is the schema's to report
    const context = contextOf(node, at, service, composeFile, error, build.keyPos);
    return context === null ? null : { context, dockerfile: 'Dockerfile', args: {}, target: null };
  }
  if (node.kind !== 'map') return null;
  let ok = true;
  const fail: Report = (...a) => {
    ok = false;
    error(...a);
  };
  for (const e of node.entries) {
    const here = [...at, e.key];
    if (Object.hasOwn(REFUSED, e.key)) {
      fail(`\`build.${e.key}\` in service ${service} cannot be honoured: ${REFUSED[e.key]}.`, e.keyPos, here);
    } else if (Object.hasOwn(IGNORED, e.key)) {
      warn(`\`build.${e.key}\` in service ${service} is left out: ${IGNORED[e.key]}.`, e.keyPos, here);
    } else if (!KNOWN.has(e.key) && !e.key.startsWith('x-')) {
      fail(
        `Unknown key \`build.${shorten(e.key)}\` in service ${service}: a build reads context, dockerfile, args and target.`,
        e.keyPos,
        here,
      );
    }
  }
  const contextEntry = node.byKey.get('context');
  const context = contextOf(contextEntry?.value ?? null, contextEntry ? [...at, 'context'] : at, service, composeFile, fail, build.keyPos);
  const dockerfileEntry = node.byKey.get('dockerfile');
  let dockerfile = 'Dockerfile';
  if (dockerfileEntry && context !== null) {
    const written = textOf(dockerfileEntry.value);
    if (written !== null) {
      const resolved = resolveInContext(context, written);
      if (resolved.ok) dockerfile = resolved.path;
      else fail(`Service ${service}: ${resolved.message}`, dockerfileEntry.value.pos, [...at, 'dockerfile']);
    }
  }
  const args = readArgs(node.byKey.get('args'), [...at, 'args'], service, fail);
  const targetEntry = node.byKey.get('target');
  let stage: string | null = null;
  if (targetEntry) {
    const written = textOf(targetEntry.value);
    if (written !== null && STAGE_NAME.test(written)) stage = written;
    else if (written !== null)
      fail(
        `\`build.target\` in service ${service} must be the name of a stage of the Dockerfile (FROM ... AS <name>: a letter, then letters, digits, _ . -).`,
        targetEntry.value.pos,
        [...at, 'target'],
      );
  }
  if (!ok || context === null || args === null) return null;
  return { context, dockerfile, args, target: stage };
}

/** The written text of a scalar (before any substitution), or null when the schema will report it. */
function textOf(node: ViewNode): string | null {
  return node.kind === 'scalar' && typeof node.written === 'string' ? node.written : null;
}

function contextOf(
  node: ViewNode | null,
  at: PathSegment[],
  service: string,
  composeFile: string,
  error: Report,
  buildPos: Position,
): string | null {
  // docker compose: a build map without `context` builds the Compose file's folder
  const written = node === null ? '.' : textOf(node);
  if (written === null) return null;
  const resolved = resolveFolderInRepository(composeFile, written);
  if (resolved.ok) return resolved.path;
  error(`Service ${service}: ${resolved.message}`, node?.pos ?? buildPos, at);
  return null;
}

function readArgs(entry: ViewEntry | undefined, at: PathSegment[], service: string, error: Report): Record<string, string> | null {
  if (!entry) return {};
  const node = entry.value;
  // each value as written: substitution would put a secret into the image's history
  const pairs: Array<{ name: string; value: string | null; pos: Position; at: PathSegment }> = [];
  if (node.kind === 'map') {
    for (const e of node.entries)
      pairs.push({ name: e.key, value: e.value.kind === 'scalar' ? argText(e.value) : null, pos: e.keyPos, at: e.key });
  } else if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const text = item.kind === 'scalar' && typeof item.written === 'string' ? item.written : null;
      if (text === null) return; // the schema reports a list item that is not text
      const cut = text.indexOf('=');
      pairs.push({ name: cut === -1 ? text : text.slice(0, cut), value: cut === -1 ? null : text.slice(cut + 1), pos: item.pos, at: i });
    });
  } else {
    return null;
  }
  if (pairs.length > MAX_BUILD_ARGS) {
    error(`Service ${service} has ${pairs.length} build args; at most ${MAX_BUILD_ARGS} are built with.`, entry.keyPos, at);
    return null;
  }
  const args: Array<[string, string]> = [];
  const seen = new Set<string>();
  let ok = true;
  for (const p of pairs) {
    const here = [...at, p.at];
    const fail = (message: string) => {
      ok = false;
      error(message, p.pos, here);
    };
    if (!ARG_NAME.test(p.name))
      fail(
        `The build arg "${shorten(p.name)}" in service ${service} is not a name Docker's ARG takes (letters, digits and _, starting with a letter or _).`,
      );
    else if (seen.has(p.name)) fail(`The build arg ${p.name} is given twice in service ${service}: keep one.`);
    else if (p.value === null)
      fail(
        `The build arg ${p.name} in service ${service} has no value, so docker compose would take it from its own environment: write the value (NAME=value).`,
      );
    else if (hasVariable(p.value))
      fail(
        `The build arg ${p.name} in service ${service} uses a variable: build args are written into the image's history, where anyone who pulls the image reads them, so they take literal values only (write $$ for a dollar sign). Pass secrets to the running service instead.`,
      );
    else if (p.value.length > MAX_ARG_VALUE)
      fail(`The build arg ${p.name} in service ${service} is longer than ${MAX_ARG_VALUE} characters.`);
    else if (/[\0\r\n]/.test(p.value)) fail(`The build arg ${p.name} in service ${service} holds a line break: write it on one line.`);
    seen.add(p.name);
    if (ok && p.value !== null) args.push([p.name, unescapeDollars(p.value)]);
  }
  // fromEntries defines each name as an own property, even one such as __proto__
  return ok ? Object.fromEntries(args) : null;
}

/** A map value as docker compose passes it: text as written, numbers as typed (1.20 stays 1.20), booleans as true/false. */
function argText(v: ViewScalar): string | null {
  if (v.written === null) return null;
  if (typeof v.written === 'string') return v.written;
  if (typeof v.written === 'number') return v.source ?? String(v.written);
  return typeof v.written === 'boolean' ? String(v.written) : null;
}

function hasVariable(text: string): boolean {
  if (!text.includes('$')) return false;
  const template = parseTemplate(text);
  return !template.valid || references(template.parts).length > 0;
}

function unescapeDollars(text: string): string {
  return text.replaceAll('$$', '$');
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Where each service's `build` key is written (for issues found once the commit is read, such as a missing Dockerfile). */
export function buildPlaces(text: string): Map<string, { line: number; column: number; path: string }> {
  const places = new Map<string, { line: number; column: number; path: string }>();
  const parsed = parseSource(text);
  const services = parsed.root?.kind === 'map' ? parsed.root.byKey.get('services')?.value : undefined;
  if (services?.kind !== 'map') return places;
  for (const { key, value } of services.entries) {
    const build = value.kind === 'map' ? value.byKey.get('build') : undefined;
    if (build) places.set(key, { ...build.keyPos, path: formatPath(['services', key, 'build']) });
  }
  return places;
}
