import fs from 'node:fs';
import { newDataDir, startMissionControl, waitFor } from '../support/mission-control.js';

describe('background jobs survive a real process kill', () => {
  it('should resume a job after the last completed step when Mission Control is killed mid-job', async () => {
    const dataDir = newDataDir('jobs');
    const env = { OTTERNAUTS_TEST_JOBS: '1' };
    const first = await startMissionControl(dataDir, env);
    const created = await first.api('POST', '/api/jobs/test', { steps: 6, stepMs: 700 });
    expect(created.status).toBe(202);
    const id = created.body.id as string;

    // kill while step 3 or later is in flight, with at least two steps behind it
    const before = await waitFor('two completed steps', async () => {
      const job = (await first.api('GET', `/api/jobs/${id}`)).body;
      return job.completedSteps.length >= 2 ? job : undefined;
    });
    await first.kill();
    expect(before.status).toBe('running');

    const second = await startMissionControl(dataDir, env);
    try {
      const done = await waitFor('the job to finish', async () => {
        const job = (await second.api('GET', `/api/jobs/${id}`)).body;
        return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
      });
      expect(done.status).toBe('succeeded');
      expect(done.attempts).toBe(2);
      const stepLines = done.progress
        .filter((p: { message: string }) => /^step \d+ of 6 done$/.test(p.message))
        .map((p: { message: string }) => p.message);
      // every step logged exactly once: nothing completed before the kill ran again
      expect(stepLines).toEqual([1, 2, 3, 4, 5, 6].map((n) => `step ${n} of 6 done`));
      const resumed = done.progress.find((p: { message: string }) =>
        p.message.startsWith('Mission Control restarted; resuming after step'),
      );
      expect(resumed).toBeDefined();
      expect(done.completedSteps.slice(0, 6)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6']);
    } finally {
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
