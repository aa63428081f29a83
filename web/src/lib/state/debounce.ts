/** Calls `run` once, `ms` after the last schedule(); cancel() drops a pending call. */
export class Debouncer {
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly run: () => void,
  ) {}

  get pending(): boolean {
    return this.#timer !== null;
  }

  schedule(): void {
    this.cancel();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.run();
    }, this.ms);
  }

  /** Runs a pending call now (e.g. before saving). */
  flush(): void {
    if (this.#timer === null) return;
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
