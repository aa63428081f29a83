import { browserTokenStore, type TokenStore } from '#lib/api/token-store.ts';

/** The stored admin token, with `present` reactive so pages (Settings) follow the dialog's changes. */
export class AdminToken implements TokenStore {
  present = $state(false);
  readonly #store: TokenStore;

  constructor(store: TokenStore) {
    this.#store = store;
    this.present = store.get() !== null;
  }

  get(): string | null {
    return this.#store.get();
  }

  set(token: string): void {
    this.#store.set(token);
    this.present = true;
  }

  clear(): void {
    this.#store.clear();
    this.present = false;
  }
}

export const adminToken = new AdminToken(browserTokenStore);
