import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './logging/logger.js';
import { createMissionControl } from './app.factory.js';
import { WRONG_KEY_MESSAGE } from './vault/vault-cipher.js';
import { servedAs } from './auth/served-as.js';

function keyBanner(file: string): string {
  const lines = [
    'Otto generated a new secret key for this Mission Control:',
    `  ${file}`,
    'It encrypts your SSH keys and passwords. Back it up together with',
    'mission_control.db: without the key, a backup cannot be read.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = `+${'-'.repeat(width + 2)}+`;
  return [bar, ...lines.map((l) => `| ${l.padEnd(width)} |`), bar].join('\n');
}

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`Mission Control cannot start. ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const log = createLogger(config.logLevel);
const { app, keySource, keyMatches } = await createMissionControl(config, log);
if (keySource.generated && keySource.file) process.stderr.write(`\n${keyBanner(keySource.file)}\n\n`);
if (!keyMatches) log.error(`${WRONG_KEY_MESSAGE}. Stored secrets stay untouched; start with the right key to use them.`);

await app.listen({ host: config.host, port: config.port });
const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
// the Host names it answers: anything else gets 421 (auth/host-check.ts), so say them once
const hosts = [...servedAs(config).hosts];
log.info({ url: `http://${shown}:${config.port}/`, dataDir: config.dataDir, hosts }, 'Mission Control is ready');
process.stdout.write(`\n🦦 Mission Control is ready at http://${shown}:${config.port}/ (data in ${config.dataDir})\n\n`);

// `docker stop` (tini passes the SIGTERM on) and Ctrl-C: Nest's shutdown hooks close the HTTP
// server, stop the jobs and close SQLite, then we exit 0. Without this listener Nest re-raises
// the signal once closed and the process ends "killed by SIGTERM" (exit 143), which reads as a
// crash; a listener that stays also keeps a second signal from killing us halfway. A hook that
// hangs (an SSH peer that never answers) must not outlast Docker's 10 s grace period.
const STOP_DEADLINE_MS = 8_000;
let stopping: Promise<void> | undefined;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    stopping ??= (async () => {
      log.info({ signal }, 'Mission Control is stopping');
      setTimeout(() => {
        log.error(`shutdown took longer than ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      try {
        await app.close();
        process.exit(0);
      } catch (err) {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    })();
  });
}
