/** Where the admin token lives between visits. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export const TOKEN_STORAGE_KEY = 'otternauts.adminToken';
/** Mission Control also accepts this cookie for its API docs pages (server/src/auth/admin-token.ts). */
export const TOKEN_COOKIE = 'otternauts_token';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

function writeCookie(value: string, maxAge: number): void {
  if (typeof document === 'undefined') return;
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(value)}; Path=/api; Max-Age=${maxAge}; SameSite=Strict${secure}`;
}

export const browserTokenStore: TokenStore = {
  get: () => storage()?.getItem(TOKEN_STORAGE_KEY) || null,
  set(token) {
    storage()?.setItem(TOKEN_STORAGE_KEY, token);
    writeCookie(token, 60 * 60 * 24 * 365);
  },
  clear() {
    storage()?.removeItem(TOKEN_STORAGE_KEY);
    writeCookie('', 0);
  },
};

/** For tests and for browsers without storage. */
export function memoryTokenStore(initial: string | null = null): TokenStore {
  let token = initial;
  return {
    get: () => token,
    set: (value) => {
      token = value;
    },
    clear: () => {
      token = null;
    },
  };
}
