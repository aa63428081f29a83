import type { AppConfig } from '../config/app-config.js';

export type PausePoint = NonNullable<AppConfig['testPauseAfter']>;

/**
 * Test only (OTTERNAUTS_TEST_JOBS=1 and OTTERNAUTS_TEST_PAUSE_AFTER): the step stops here
 * for good, right after a remote change and before it is recorded, so a test can kill
 * Mission Control at exactly that moment and check that the restart resumes cleanly.
 */
export async function pauseForTest(config: AppConfig, point: PausePoint, log: (message: string) => Promise<void>): Promise<void> {
  if (!config.testJobs || config.testPauseAfter !== point) return;
  await log(`Test pause after ${point}: waiting to be killed.`);
  await new Promise<never>(() => undefined);
}
