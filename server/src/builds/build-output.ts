import { STACK_LABEL } from './build-commands.js';

/** What a builder's and `docker push`'s output says, read line by line. */

/**
 * `docker push` ends with `<tag>: digest: sha256:<64 hex> size: <n>` for the manifest it
 * pushed (the registry's content address): the digest the service is pinned to.
 */
export function parsePushDigest(output: string): string | null {
  const matches = [...output.matchAll(/digest: (sha256:[0-9a-f]{64})\b/g)];
  return matches.length ? matches[matches.length - 1][1] : null;
}

export interface StepCounts {
  cachedSteps: number;
  totalSteps: number;
}

/**
 * Steps of the Dockerfile and how many the cache answered. BuildKit (`--progress=plain`) numbers
 * its vertices (`#7 [2/3] COPY . /app`) and prints `#7 CACHED` for one taken from the cache; its
 * `[internal]` vertices (loading the Dockerfile, the context) are not Dockerfile steps. The legacy
 * builder prints `Step 2/3 : COPY . /app`, then ` ---> Using cache` for a cached one. FROM counts
 * as a step in both (BuildKit shows it as `[1/3] FROM ...`), so both answer the same totals.
 */
export function countSteps(output: string): StepCounts {
  const steps = new Set<string>();
  const cached = new Set<string>();
  let legacyTotal = 0;
  let legacyCached = 0;
  for (const line of output.split('\n')) {
    const vertex = /^#(\d+) \[(?:[^\]\s]+ )?\d+\/\d+\] /.exec(line);
    if (vertex) steps.add(vertex[1]);
    const hit = /^#(\d+) CACHED\s*$/.exec(line);
    if (hit) cached.add(hit[1]);
    // the legacy builder adds our --label as a last step of its own: not one of the Dockerfile's
    if (/^Step \d+\/\d+ : /.test(line) && !line.includes(` : LABEL ${STACK_LABEL}=`)) legacyTotal++;
    if (/^ ---> Using cache\s*$/.test(line)) legacyCached++;
  }
  if (steps.size > 0) return { totalSteps: steps.size, cachedSteps: [...cached].filter((n) => steps.has(n)).length };
  return { totalSteps: legacyTotal, cachedSteps: legacyCached };
}

/**
 * The lines that say why a build failed. BuildKit ends with the failing step's own output framed
 * by `------` lines (` > [5/5] RUN ./check.sh:` then what it printed), an excerpt of the
 * Dockerfile, and `ERROR: failed to solve: ...`: the step's last words and that ERROR line say
 * why, the excerpt only repeats the step. Without a framed step (a parse error, whose ERROR
 * line names the Dockerfile's line) the steps' own `#N ERROR:` lines come before it. The legacy
 * builder ends with the failing step's last lines and "The command ... returned a non-zero
 * code". At most `n` lines.
 */
export function failureLines(output: string, n = 8): string {
  const lines = output
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const errorAt = lines.findLastIndex((l) => l.startsWith('ERROR: '));
  if (errorAt < 0) return lines.slice(-n).join('\n');
  const stepAt = lines.findLastIndex((l, i) => i < errorAt && /^ > \[[^\]]*\] .*:$/.test(l) && lines[i - 1] === '------');
  const stepEnd = stepAt < 0 ? -1 : lines.findIndex((l, i) => i > stepAt && l === '------');
  if (stepAt < 0 || stepEnd < 0) {
    // no framed step output: the steps' own ERROR lines, if any, then the reason
    const stepErrors = lines.slice(0, errorAt).filter((l) => /^#\d+ ERROR: /.test(l));
    return [...stepErrors.slice(-(n - 1)), lines[errorAt]].join('\n');
  }
  const said = lines.slice(stepAt + 1, stepEnd).slice(-(n - 2));
  return [lines[stepAt].trim(), ...said, lines[errorAt]].join('\n');
}
