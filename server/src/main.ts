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
