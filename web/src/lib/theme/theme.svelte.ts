import { parseThemeChoice, resolveTheme, THEME_STORAGE_KEY, type ThemeChoice } from '#lib/theme/theme.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function readStored(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The colour theme: the system's preference unless the person picked one (kept in localStorage). */
export class ThemeState {
  choice = $state<ThemeChoice>('system');
  systemDark = $state(false);
  current = $derived(resolveTheme(this.choice, this.systemDark));

  constructor() {
    if (typeof window === 'undefined') return;
    this.choice = parseThemeChoice(readStored());
    const query = window.matchMedia(DARK_QUERY);
    this.systemDark = query.matches;
    query.addEventListener('change', (event) => {
      this.systemDark = event.matches;
    });
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // storage disabled: the choice lasts until the page is reloaded
    }
    // The stylesheet follows prefers-color-scheme unless data-theme names a theme.
    if (choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
  }

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }
}

export const theme = new ThemeState();
