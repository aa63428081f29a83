import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';
import { tempDir } from '../testing/temp-dir.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('should apply the embedded defaults', () => {
    const config = loadConfig({ HOME: '/home/otto' });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(path.resolve(process.env.HOME ?? '', '.otternauts'));
    expect(config.databaseFile).toBe(path.join(config.dataDir, 'mission_control.db'));
    expect(config.logLevel).toBe('info');
    expect(config.minDockerVersion).toBe('24.0');
    expect(config.traefikImage).toMatch(/^traefik:v3\.\d+\.\d+$/);
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    ['OTTERNAUTS_PORT', 'eighty', 'OTTERNAUTS_PORT: must be a port number'],
    ['OTTERNAUTS_PORT', '70000', 'OTTERNAUTS_PORT: must be between 1 and 65535'],
    ['OTTERNAUTS_LOG_LEVEL', 'loud', 'OTTERNAUTS_LOG_LEVEL: must be one of trace, debug, info'],
    ['OTTERNAUTS_SECRET_KEY', 'c2hvcnQ=', 'OTTERNAUTS_SECRET_KEY: must be the base64 encoding of exactly 32 bytes'],
    ['OTTERNAUTS_ADMIN_TOKEN', 'short', 'OTTERNAUTS_ADMIN_TOKEN: must be at least 16 characters'],
    ['OTTERNAUTS_MIN_DOCKER_VERSION', 'latest', 'OTTERNAUTS_MIN_DOCKER_VERSION: must be a version such as 24.0'],
    ['OTTERNAUTS_DEPLOY_TIMEOUT', '1', 'OTTERNAUTS_DEPLOY_TIMEOUT: must be at least 10'],
  ])('should refuse a bad %s naming the variable', (name, value, expected) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(expected);
  });

  it('should refuse to listen beyond loopback without an admin token', () => {
    expect(() => loadConfig({ OTTERNAUTS_HOST: '0.0.0.0' })).toThrow(/OTTERNAUTS_HOST: .*OTTERNAUTS_ADMIN_TOKEN/);
    expect(loadConfig({ OTTERNAUTS_HOST: '0.0.0.0', OTTERNAUTS_ADMIN_TOKEN: 'a'.repeat(32) }).host).toBe('0.0.0.0');
    expect(loadConfig({ OTTERNAUTS_HOST: '::1' }).host).toBe('::1');
  });

  it('should read *_FILE variables and refuse both forms at once', () => {
    const dir = tempDir('config');
    const file = path.join(dir, 'key');
    fs.writeFileSync(file, `${KEY}\n`);
    expect(loadConfig({ OTTERNAUTS_SECRET_KEY_FILE: file }).secretKey).toBe(KEY);
    expect(() => loadConfig({ OTTERNAUTS_SECRET_KEY_FILE: file, OTTERNAUTS_SECRET_KEY: KEY })).toThrow(
      'OTTERNAUTS_SECRET_KEY and OTTERNAUTS_SECRET_KEY_FILE are both set',
    );
    expect(() => loadConfig({ OTTERNAUTS_ADMIN_TOKEN_FILE: path.join(dir, 'missing') })).toThrow(
      /OTTERNAUTS_ADMIN_TOKEN_FILE: cannot read .*missing \(ENOENT\)/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('should expand ~ in the data directory', () => {
    expect(loadConfig({ OTTERNAUTS_DATA_DIR: '~/mc' }).dataDir).toBe(path.join(process.env.HOME ?? '', 'mc'));
  });
});
