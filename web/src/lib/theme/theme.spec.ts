import { describe, expect, it } from '@jest/globals';
import { parseThemeChoice, resolveTheme } from '#lib/theme/theme.ts';

describe(parseThemeChoice.name, () => {
  it('should accept only light and dark, else follow the system', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice('purple')).toBe('system');
    expect(parseThemeChoice(null)).toBe('system');
  });
});

describe(resolveTheme.name, () => {
  it('should follow the system unless a theme was picked', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
