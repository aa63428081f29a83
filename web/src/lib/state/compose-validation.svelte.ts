import { outcome } from '#lib/api/call.ts';
import { api, type Schemas } from '#lib/api/client.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { isNameIssue, type ComposeIssue } from '#lib/compose/diagnostics.ts';
import { Debouncer } from '#lib/state/debounce.ts';

type Result = Schemas['ValidationResultDto'];

export const VALIDATE_DELAY_MS = 400;

const byPosition = (issues: ComposeIssue[]) => [...issues].sort((a, b) => a.line - b.line || a.column - b.column);

/**
 * Validation as you type: POST /api/stacks/validate ~400 ms after the last keystroke; an
 * answer for an older text is dropped. `text` is the text `result` belongs to. An empty name
 * is left out, so the file is checked on its own before the user has named the stack.
 */
export class ComposeValidation {
  result = $state.raw<Result | null>(null);
  text = $state('');
  checking = $state(false);
  error = $state.raw<ApiErrorInfo | null>(null);

  nameIssues = $derived<ComposeIssue[]>(this.result?.errors.filter(isNameIssue) ?? []);
  fileErrors = $derived<ComposeIssue[]>(byPosition(this.result?.errors.filter((e) => !isNameIssue(e)) ?? []));
  warnings = $derived<ComposeIssue[]>(byPosition(this.result?.warnings ?? []));

  #seq = 0;
  #next = { name: '', text: '' };
  #debouncer = new Debouncer(VALIDATE_DELAY_MS, () => void this.#run());

  /** After every change of the name or the file. */
  update(name: string, text: string): void {
    this.#next = { name, text };
    this.checking = true;
    this.#debouncer.schedule();
  }

  /** At once (a stored file that was just loaded). */
  now(name: string, text: string): Promise<void> {
    this.#debouncer.cancel();
    this.#next = { name, text };
    return this.#run();
  }

  stop(): void {
    this.#debouncer.cancel();
    this.#seq += 1;
  }

  async #run(): Promise<void> {
    const { name, text } = this.#next;
    const seq = ++this.#seq;
    this.checking = true;
    const body = name === '' ? { configuration: text } : { name, configuration: text };
    const answer = text.trim() === '' ? null : await outcome(api.POST('/api/stacks/validate', { body }));
    if (seq !== this.#seq) return;
    if (answer && !answer.ok) {
      this.error = answer.error;
    } else {
      this.result = answer?.data ?? null;
      this.text = text;
      this.error = null;
    }
    this.checking = false;
  }
}
