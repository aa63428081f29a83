/** State of the admin-token dialog; the API client waits on `ask` when Mission Control answers 401. */
export class TokenPrompt {
  open = $state(false);
  /** The token just sent was refused: the dialog says so. */
  rejected = $state(false);
  #resolve: ((token: string | null) => void) | null = null;

  ask = (rejected: boolean): Promise<string | null> => {
    this.#resolve?.(null);
    this.rejected = rejected;
    this.open = true;
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  };

  submit(token: string): void {
    this.#finish(token.trim() || null);
  }

  cancel(): void {
    this.#finish(null);
  }

  #finish(token: string | null): void {
    const resolve = this.#resolve;
    this.#resolve = null;
    this.open = false;
    resolve?.(token);
  }
}

export const tokenPrompt = new TokenPrompt();
