import { describe, expect, it } from '@jest/globals';
import {
  anyBuildActive,
  buildDurationMs,
  buildLook,
  cachedSteps,
  formatDuration,
  isBuildActive,
  shortDigest,
  type BuildLike,
} from './builds.ts';

function build(overrides: Partial<BuildLike> = {}): BuildLike {
  return { status: 'succeeded', cachedSteps: null, totalSteps: null, startedAt: null, finishedAt: null, durationMs: null, ...overrides };
}

describe('buildLook', () => {
  it('should colour builds under way busy, a failure bad and a success or reuse good', () => {
    expect(buildLook('building')).toEqual({ label: 'builds.status.building', tone: 'busy' });
    expect(buildLook('pushing').tone).toBe('busy');
    expect(buildLook('failed')).toEqual({ label: 'builds.status.failed', tone: 'bad' });
    expect(buildLook('reused')).toEqual({ label: 'builds.status.reused', tone: 'good' });
  });

  it('should show a status a newer Mission Control sends as it is', () => {
    expect(buildLook('signing')).toEqual({ label: null, tone: 'idle' });
  });
});

describe('isBuildActive', () => {
  it('should count queued, building and pushing as under way, and nothing else', () => {
    expect(['queued', 'building', 'pushing', 'succeeded', 'failed', 'reused'].filter(isBuildActive)).toEqual([
      'queued',
      'building',
      'pushing',
    ]);
    expect(anyBuildActive([{ status: 'succeeded' }, { status: 'pushing' }])).toBe(true);
    expect(anyBuildActive([{ status: 'succeeded' }, { status: 'failed' }])).toBe(false);
    expect(anyBuildActive([])).toBe(false);
  });
});

describe('cachedSteps', () => {
  it('should give the cached and total steps the builder counted', () => {
    expect(cachedSteps({ cachedSteps: 3, totalSteps: 7 })).toEqual({ cached: 3, total: 7 });
    expect(cachedSteps({ cachedSteps: null, totalSteps: 4 })).toEqual({ cached: 0, total: 4 });
  });

  it('should say nothing when no steps were counted', () => {
    expect(cachedSteps({ cachedSteps: null, totalSteps: null })).toBeNull();
    expect(cachedSteps({ cachedSteps: 0, totalSteps: 0 })).toBeNull();
  });
});

describe('buildDurationMs', () => {
  const now = new Date('2026-12-02T05:00:30.000Z');

  it('should prefer the duration Mission Control measured', () => {
    expect(buildDurationMs(build({ durationMs: 4200, startedAt: '2026-12-02T05:00:00.000Z' }), now)).toBe(4200);
  });

  it('should count a running build up to now, and a finished one to its end', () => {
    expect(buildDurationMs(build({ status: 'building', startedAt: '2026-12-02T05:00:00.000Z' }), now)).toBe(30_000);
    expect(buildDurationMs(build({ startedAt: '2026-12-02T05:00:00.000Z', finishedAt: '2026-12-02T05:00:12.000Z' }), now)).toBe(12_000);
  });

  it('should have no duration before the build started', () => {
    expect(buildDurationMs(build({ status: 'queued' }), now)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('should use milliseconds, seconds, minutes or hours as the length calls for', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });

  it('should show nothing for a missing or impossible length', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(-5)).toBe('');
  });
});

describe('shortDigest', () => {
  const digest = 'sha256:3d83d3eafb56899d040717805a9b8c246fe8981ecaa298f19d005889b5994153';

  it('should keep the algorithm and the first 12 hex digits', () => {
    expect(shortDigest(digest)).toBe('sha256:3d83d3eafb56');
  });

  it('should read the digest off an image reference pinned by it', () => {
    expect(shortDigest(`10.77.0.11:5000/shop/web:abc@${digest}`)).toBe('sha256:3d83d3eafb56');
  });

  it('should show nothing for a service that is not pinned', () => {
    expect(shortDigest(null)).toBe('');
  });
});
