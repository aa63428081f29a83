import fs from 'node:fs';
import { newDataDir, startMissionControl, waitFor } from '../support/mission-control.js';

describe('the schedule in the built Mission Control', () => {
  it('should run the background server checks at the configured interval', async () => {
    const dataDir = newDataDir('schedule');
    const mc = await startMissionControl(dataDir, { OTTERNAUTS_SERVER_CHECK_INTERVAL: '5' });
    try {
      const started = Date.now();
      const runs = () =>
        mc
          .output()
          .split('\n')
          .filter((l) => l.includes('"msg":"background server checks done"')).length;
      await waitFor('two scheduled runs', async () => (runs() >= 2 ? true : undefined), 30_000, 250);
      // twice in the time the interval allows, not once per start-up
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    } finally {
      await mc.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
