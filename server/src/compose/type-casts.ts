import type { PathSegment } from './document-path.js';

/**
 * After substituting variables, docker/cli turns the text at these places into numbers or
 * booleans (cli/compose/loader/interpolate.go), so `replicas: ${REPLICAS:-2}` is read as 2.
 * It only does so when substitution changed the text: a quoted "2" stays text.
 */
export type CastKind = 'int' | 'float' | 'bool';

const ANY_KEY = '*';
const ANY_ITEM = '[]';

const service = (...parts: string[]) => ['services', ANY_KEY, ...parts];

const CASTS: ReadonlyArray<readonly [readonly string[], CastKind]> = [
  [service('configs', ANY_ITEM, 'mode'), 'int'],
  [service('secrets', ANY_ITEM, 'mode'), 'int'],
  [service('healthcheck', 'retries'), 'int'],
  [service('healthcheck', 'disable'), 'bool'],
  [service('deploy', 'replicas'), 'int'],
  [service('deploy', 'update_config', 'parallelism'), 'int'],
  [service('deploy', 'update_config', 'max_failure_ratio'), 'float'],
  [service('deploy', 'rollback_config', 'parallelism'), 'int'],
  [service('deploy', 'rollback_config', 'max_failure_ratio'), 'float'],
  [service('deploy', 'restart_policy', 'max_attempts'), 'int'],
  [service('deploy', 'placement', 'max_replicas_per_node'), 'int'],
  [service('ports', ANY_ITEM, 'target'), 'int'],
  [service('ports', ANY_ITEM, 'published'), 'int'],
  [service('ulimits', ANY_KEY), 'int'],
  [service('ulimits', ANY_KEY, 'hard'), 'int'],
  [service('ulimits', ANY_KEY, 'soft'), 'int'],
  [service('privileged'), 'bool'],
  [service('read_only'), 'bool'],
  [service('stdin_open'), 'bool'],
  [service('tty'), 'bool'],
  [service('volumes', ANY_ITEM, 'read_only'), 'bool'],
  [service('volumes', ANY_ITEM, 'volume', 'nocopy'), 'bool'],
  [['networks', ANY_KEY, 'external'], 'bool'],
  [['networks', ANY_KEY, 'internal'], 'bool'],
  [['networks', ANY_KEY, 'attachable'], 'bool'],
  [['volumes', ANY_KEY, 'external'], 'bool'],
  [['secrets', ANY_KEY, 'external'], 'bool'],
  [['configs', ANY_KEY, 'external'], 'bool'],
];

function matches(pattern: readonly string[], path: readonly PathSegment[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((part, i) => {
    const segment = path[i];
    if (part === ANY_KEY) return true;
    if (part === ANY_ITEM) return typeof segment === 'number';
    return segment === part;
  });
}

export function castKindAt(path: readonly PathSegment[]): CastKind | null {
  return CASTS.find(([pattern]) => matches(pattern, path))?.[1] ?? null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi, strconv.ParseFloat and docker/cli's toBoolean, for the text substitution produced. */
export function castText(kind: CastKind, text: string): { ok: true; value: number | boolean } | { ok: false } {
  if (kind === 'int') {
    if (!/^[+-]?\d+$/.test(text)) return { ok: false };
    const big = BigInt(text);
    return big < INT64_MIN || big > INT64_MAX ? { ok: false } : { ok: true, value: Number(big) };
  }
  if (kind === 'float') {
    if (/^[+-]?(inf|infinity)$/i.test(text)) return { ok: true, value: text.startsWith('-') ? -Infinity : Infinity };
    if (/^nan$/i.test(text)) return { ok: true, value: NaN };
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? { ok: true, value: Number(text) } : { ok: false };
  }
  const lower = text.toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(lower)) return { ok: true, value: true };
  if (['n', 'no', 'false', 'off'].includes(lower)) return { ok: true, value: false };
  return { ok: false };
}

export function castKindWords(kind: CastKind): string {
  return kind === 'int' ? 'a whole number' : kind === 'float' ? 'a number' : 'true or false';
}
