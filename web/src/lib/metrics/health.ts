import type { Tone } from '#lib/git/deliveries.ts';
import { t } from '#lib/i18n/index.ts';
import type { ServiceHealthInfo } from '#lib/metrics/metrics.types.ts';

export interface HealthNotice {
  tone: Tone;
  /** the state in a word, for the badge */
  badge: string;
  /** one sentence: "Service web is unhealthy" */
  title: string;
  /** facts beside it: restarts, exit code */
  facts: string[];
  /** the last health-check output, shown as Docker kept it */
  output: string | null;
}

/**
 * What the service card says about health. Nothing for a healthy service or one without a
 * healthcheck: the replica count already says it runs.
 */
export function healthNotice(service: string, health: ServiceHealthInfo | null | undefined): HealthNotice | null {
  if (!health?.state || health.state === 'healthy') return null;
  const output = health.output?.trim() || null;
  if (health.state === 'unhealthy') {
    return {
      tone: 'bad',
      badge: t('health.state.unhealthy'),
      title: t('health.unhealthy', { service }),
      facts: [],
      output: output ?? (health.message?.trim() || null),
    };
  }
  if (health.state === 'crash_loop') {
    const facts = [t('health.restarts', { count: health.restarts })];
    if (health.lastExitCode !== null) facts.push(t('health.lastExitCode', { code: health.lastExitCode }));
    return { tone: 'bad', badge: t('health.state.crashLoop'), title: t('health.crashLoop', { service }), facts, output };
  }
  return { tone: 'busy', badge: t('health.state.starting'), title: t('health.starting', { service }), facts: [], output };
}
