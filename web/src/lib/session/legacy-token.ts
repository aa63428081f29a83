/** Where dashboards before sessions kept the admin token: read by nothing now, cleared once on load. */
export const LEGACY_STORAGE_KEY = 'otternauts.adminToken';
export const LEGACY_COOKIE = 'otternauts_token';

/** Removes a token an older dashboard left in localStorage or in a script-readable cookie. */
export function clearLegacyToken(): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.removeItem(LEGACY_STORAGE_KEY);
  } catch {
    // storage disabled by the browser's privacy settings: nothing was kept there either
  }
  if (typeof document === 'undefined') return;
  // It was written with Path=/api; clear both spellings of its path to be sure.
  for (const path of ['/api', '/']) document.cookie = `${LEGACY_COOKIE}=; Path=${path}; Max-Age=0; SameSite=Strict`;
}
