import { describe, expect, it } from '@jest/globals';
import { formatClock, formatDateTime, formatRelative } from '#lib/format/time.ts';

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

describe('formatRelative and clock skew', () => {
  it('should say now for a time less than a minute ahead', () => {
    expect(formatRelative(new Date(now.getTime() + 5_000), now)).toBe('now');
    expect(formatRelative(new Date(now.getTime() + 3 * 3600_000), now)).toBe('in 3 hours');
  });
});

describe(formatClock.name, () => {
  it('should show hours, minutes and seconds in 24-hour time', () => {
    expect(formatClock('2026-01-18T21:03:07.123456789Z', 'UTC')).toBe('21:03:07');
  });

  it('should return null for a missing or unreadable time', () => {
    expect(formatClock(null)).toBeNull();
    expect(formatClock('not a time')).toBeNull();
  });
});
