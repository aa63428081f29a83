import { api, type Schemas } from '#lib/api/client.ts';
import { networkError, toApiError, type ApiErrorInfo } from '#lib/api/errors.ts';
import { isNameIssue, type ComposeIssue } from '#lib/compose/diagnostics.ts';
import { Debouncer } from '#lib/state/debounce.ts';

type Result = Schemas['ValidationResultDto'];

/** Mission Control checks only the name when the name is wrong: the file is then checked under this one. */
const STAND_IN_NAME = 'stack';
export const VALIDATE_DELAY_MS = 400;

const byPosition = (issues: ComposeIssue[]) => [...issues].sort((a, b) => a.line - b.line || a.column - b.column);

/**
 * Validation as you type: POST /api/stacks/validate ~400 ms after the last keystroke; an
 * answer for an older text is dropped. `text` is the text `result` belongs to.
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

  async #validate(name: string, configuration: string): Promise<Result> {
    const { data, error, response } = await api.POST('/api/stacks/validate', { body: { name, configuration } });
    if (!response.ok || !data) throw toApiError(response.status, error);
    return data;
  }

  async #run(): Promise<void> {
    const { name, text } = this.#next;
    const seq = ++this.#seq;
    this.checking = true;
    try {
      let result: Result | null = null;
      if (text.trim() !== '') {
        result = await this.#validate(name, text);
        if (result.errors.length > 0 && result.errors.every(isNameIssue)) {
          const file = await this.#validate(STAND_IN_NAME, text);
          result = { ...file, valid: false, errors: [...result.errors, ...file.errors] };
        }
      }
      if (seq !== this.#seq) return;
      this.result = result;
      this.text = text;
      this.error = null;
    } catch (e) {
      if (seq === this.#seq) this.error = e && typeof e === 'object' && 'code' in e ? (e as ApiErrorInfo) : networkError();
    } finally {
      if (seq === this.#seq) this.checking = false;
    }
  }
}
