import type { Outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { fieldErrors } from '#lib/forms/field-errors.ts';

/** A form's save in progress and its last error, split by the fields that show their own. */
export class Submission {
  readonly fields: readonly string[];
  busy = $state(false);
  error = $state.raw<ApiErrorInfo | null>(null);
  errors = $derived(fieldErrors(this.error, this.fields));

  constructor(fields: readonly string[]) {
    this.fields = fields;
  }

  /** The data when the call succeeds; otherwise null, with the error kept for the form. */
  async run<T>(call: () => Promise<Outcome<T>>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    const result = await call();
    this.busy = false;
    if (result.ok) return result.data;
    this.error = result.error;
    return null;
  }

  /** A problem found before asking Mission Control, shown like its own field errors. */
  refuse(field: string, message: string): void {
    this.error = { status: 400, code: 'validation_failed', message, details: [{ field, message }] };
  }
}
