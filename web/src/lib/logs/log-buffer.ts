/** One line of `docker service logs`, as Mission Control sends it. */
export interface LogLine {
  task: string;
  node: string;
  time: string | null;
  message: string;
}

export interface BufferedLine extends LogLine {
  /** Stable key for keyed lists: lines are only ever appended or dropped from the top. */
  seq: number;
  replica: string;
}

export interface LogFilter {
  /** A replica from replicaOf(), or '' for all. */
  replica: string;
  /** Case-insensitive text to find in the message, or ''. */
  search: string;
}

export const DEFAULT_LOG_CAP = 2000;

/**
 * "shop_db.1.x8k2j..." → "shop_db.1": the replica slot (or node id for global services)
 * without the task id, so a replica keeps its name when Swarm replaces its task.
 */
export function replicaOf(task: string): string {
  const parts = task.split('.');
  return parts.length >= 3 ? parts.slice(0, -1).join('.') : task;
}

const keyOf = (line: LogLine) => `${line.task}\u0000${line.time}\u0000${line.message}`;

/**
 * The lines a log view keeps: at most `cap` (oldest dropped first) so a fast stream never
 * grows the page without end, and no line twice (a follow stream starts with a few lines the
 * page already has). Lines without a timestamp are never treated as repeats.
 */
export class LogBuffer {
  #lines: BufferedLine[] = [];
  #keys = new Map<string, number>();
  #seq = 0;

  constructor(readonly cap = DEFAULT_LOG_CAP) {}

  get lines(): readonly BufferedLine[] {
    return this.#lines;
  }

  /** Appends and returns how many lines were new. */
  add(lines: readonly LogLine[]): number {
    let added = 0;
    for (const line of lines) {
      const key = line.time === null ? null : keyOf(line);
      if (key !== null && this.#keys.has(key)) continue;
      if (key !== null) this.#keys.set(key, (this.#keys.get(key) ?? 0) + 1);
      this.#lines.push({ ...line, seq: ++this.#seq, replica: replicaOf(line.task) });
      added += 1;
    }
    const excess = this.#lines.length - this.cap;
    if (excess > 0) {
      for (const dropped of this.#lines.splice(0, excess)) {
        if (dropped.time === null) continue;
        const key = keyOf(dropped);
        const count = (this.#keys.get(key) ?? 1) - 1;
        if (count > 0) this.#keys.set(key, count);
        else this.#keys.delete(key);
      }
    }
    return added;
  }

  clear(): void {
    this.#lines = [];
    this.#keys.clear();
  }

  /** Every replica seen, sorted naturally (….2 before ….10). */
  replicas(): string[] {
    return [...new Set(this.#lines.map((l) => l.replica))].filter(Boolean).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }
}

export function filterLines(lines: readonly BufferedLine[], { replica, search }: LogFilter): BufferedLine[] {
  const needle = search.trim().toLowerCase();
  return lines.filter((l) => (replica === '' || l.replica === replica) && (needle === '' || l.message.toLowerCase().includes(needle)));
}
