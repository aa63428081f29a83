import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatRelative } from '#lib/format/time.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe(formatRelative.name, () => {
  it('should pick the largest whole unit', () => {
    expect(formatRelative('2026-03-01T11:59:30Z', now)).toBe('30 seconds ago');
    expect(formatRelative('2026-03-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-03-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2026-02-28T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2026-03-01T12:00:00Z', now)).toBe('now');
  });

  it('should return null for a missing or unreadable date', () => {
    expect(formatRelative(null, now)).toBeNull();
    expect(formatRelative(undefined, now)).toBeNull();
    expect(formatRelative('', now)).toBeNull();
    expect(formatRelative('not a date', now)).toBeNull();
  });
});

describe(formatDateTime.name, () => {
  it('should return null for an unreadable date', () => {
    expect(formatDateTime('soon')).toBeNull();
    expect(formatDateTime('2026-03-01T12:00:00Z')).toMatch(/2026/);
  });
});
