import { describe, expect, it } from '@jest/globals';
import { healthNotice } from '#lib/metrics/health.ts';
import type { ServiceHealthInfo } from '#lib/metrics/metrics.types.ts';

function health(overrides: Partial<ServiceHealthInfo> = {}): ServiceHealthInfo {
  return { state: 'healthy', message: null, output: null, restarts: 0, lastExitCode: null, since: null, ...overrides };
}

describe(healthNotice.name, () => {
  it('should say nothing about a healthy service or one without a healthcheck', () => {
    expect(healthNotice('web', health())).toBeNull();
    expect(healthNotice('web', health({ state: null }))).toBeNull();
    expect(healthNotice('web', null)).toBeNull();
    expect(healthNotice('web', undefined)).toBeNull();
  });

  it('should name an unhealthy service and show the last health-check output', () => {
    const notice = healthNotice('web', health({ state: 'unhealthy', output: 'curl: (7) Failed to connect to localhost port 80\n' }));

    expect(notice).toEqual({
      tone: 'bad',
      badge: 'Unhealthy',
      title: 'Service web is unhealthy',
      facts: [],
      output: 'curl: (7) Failed to connect to localhost port 80',
    });
  });

  it("should fall back to Mission Control's message when the output is empty", () => {
    const notice = healthNotice(
      'web',
      health({ state: 'unhealthy', output: '  ', message: 'Service web is unhealthy: task: unhealthy container' }),
    );

    expect(notice?.output).toBe('Service web is unhealthy: task: unhealthy container');
  });

  it('should give a crash loop its restart count and last exit code', () => {
    const notice = healthNotice('worker', health({ state: 'crash_loop', restarts: 7, lastExitCode: 137 }));

    expect(notice?.title).toBe('Service worker keeps crashing');
    expect(notice?.badge).toBe('Crash loop');
    expect(notice?.facts).toEqual(['restarts: 7', 'last exit code 137']);
  });

  it('should leave the exit code out of a crash loop that has none yet', () => {
    expect(healthNotice('worker', health({ state: 'crash_loop', restarts: 3 }))?.facts).toEqual(['restarts: 3']);
  });

  it('should show a service whose health check has not passed yet as busy, not failed', () => {
    const notice = healthNotice('web', health({ state: 'starting' }));

    expect(notice?.tone).toBe('busy');
    expect(notice?.badge).toBe('Starting');
  });
});
