import pino from 'pino';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { createMissionControl, type MissionControl } from '../app.factory.js';

export interface TestApp extends MissionControl {
  config: AppConfig;
  logs: string[];
}

/** The real application on a real SQLite file in `dataDir`, with logs captured in memory. */
export async function startTestApp(dataDir: string, env: Record<string, string> = {}): Promise<TestApp> {
  // app.inject() sends `Host: localhost:80`; the HTTP guard answers only names it is served as
  const config = loadConfig({
    OTTERNAUTS_DATA_DIR: dataDir,
    OTTERNAUTS_LOG_LEVEL: 'debug',
    OTTERNAUTS_ALLOWED_HOSTS: 'localhost:80',
    ...env,
  });
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const mc = await createMissionControl(config, log, { background: false });
  return { ...mc, config, logs };
}
