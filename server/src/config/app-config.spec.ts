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
    [
      'OTTERNAUTS_PUBLIC_URL',
      'mc.example.com',
      'OTTERNAUTS_PUBLIC_URL: must be the address people open Mission Control at, such as https://mc.example.com ("mc.example.com" is not a URL)',
    ],
    [
      'OTTERNAUTS_PUBLIC_URL',
      'ftp://mc.example.com',
      'OTTERNAUTS_PUBLIC_URL: must be the address people open Mission Control at, such as https://mc.example.com: http:// or https://, not ftp:',
    ],
    [
      'OTTERNAUTS_PUBLIC_URL',
      'https://mc.example.com/otternauts',
      'OTTERNAUTS_PUBLIC_URL: must be the address people open Mission Control at, such as https://mc.example.com: scheme, host and port only',
    ],
    ['OTTERNAUTS_ALLOWED_HOSTS', 'mc.example.com, https://ops.lan', 'OTTERNAUTS_ALLOWED_HOSTS: "https://ops.lan" is not a host[:port]'],
    ['OTTERNAUTS_ALLOWED_HOSTS', 'ops.lan:99999', 'OTTERNAUTS_ALLOWED_HOSTS: "ops.lan:99999" is not a host[:port]'],
    ['OTTERNAUTS_ALLOWED_HOSTS', 'ops lan', 'OTTERNAUTS_ALLOWED_HOSTS: "ops lan" is not a host[:port]'],
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

  it('should trim only the file, and name the variable and path but never the value it read', () => {
    const dir = tempDir('config');
    const token = path.join(dir, 'token');
    fs.writeFileSync(token, 'tok-en-from-a-swarm-secret\n');
    expect(loadConfig({ OTTERNAUTS_ADMIN_TOKEN_FILE: token }).adminToken).toBe('tok-en-from-a-swarm-secret');
    fs.writeFileSync(token, 'short\n');
    let message = '';
    try {
      loadConfig({ OTTERNAUTS_ADMIN_TOKEN_FILE: token });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('OTTERNAUTS_ADMIN_TOKEN: must be at least 16 characters');
    expect(message).not.toContain('short');
    const unreadable = path.join(dir, 'a-folder');
    fs.mkdirSync(unreadable);
    expect(() => loadConfig({ OTTERNAUTS_SECRET_KEY_FILE: unreadable })).toThrow(
      `OTTERNAUTS_SECRET_KEY_FILE: cannot read ${unreadable} (EISDIR).`,
    );
    expect(() => loadConfig({ OTTERNAUTS_ADMIN_TOKEN_FILE: token, OTTERNAUTS_ADMIN_TOKEN: 'a'.repeat(32) })).toThrow(
      'OTTERNAUTS_ADMIN_TOKEN and OTTERNAUTS_ADMIN_TOKEN_FILE are both set: keep one of them.',
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('should read OTTERNAUTS_ON_CLUSTER as a flag, off by default', () => {
    expect(loadConfig({}).onManagedCluster).toBe(false);
    expect(loadConfig({ OTTERNAUTS_ON_CLUSTER: '1' }).onManagedCluster).toBe(true);
    expect(loadConfig({ OTTERNAUTS_ON_CLUSTER: 'true' }).onManagedCluster).toBe(true);
    expect(loadConfig({ OTTERNAUTS_ON_CLUSTER: '0' }).onManagedCluster).toBe(false);
    expect(() => loadConfig({ OTTERNAUTS_ON_CLUSTER: 'yes' })).toThrow('OTTERNAUTS_ON_CLUSTER: must be 0 or 1');
  });

  it('should refuse names others reach Mission Control by without an admin token', () => {
    expect(() => loadConfig({ OTTERNAUTS_PUBLIC_URL: 'https://mc.example.com' })).toThrow(
      /OTTERNAUTS_PUBLIC_URL: .*as mc\.example\.com without a login\. Set OTTERNAUTS_ADMIN_TOKEN/,
    );
    expect(() => loadConfig({ OTTERNAUTS_ALLOWED_HOSTS: 'localhost:80,ops.lan:8080' })).toThrow(
      /OTTERNAUTS_ALLOWED_HOSTS: .*as ops\.lan without a login/,
    );
    expect(
      loadConfig({ OTTERNAUTS_PUBLIC_URL: 'http://localhost:9000', OTTERNAUTS_ALLOWED_HOSTS: '[::1]:80,127.0.0.2:8080' }).allowedHosts,
    ).toHaveLength(2);
    expect(loadConfig({ OTTERNAUTS_PUBLIC_URL: 'https://mc.example.com', OTTERNAUTS_ADMIN_TOKEN: 'a'.repeat(32) }).publicUrl).toBe(
      'https://mc.example.com',
    );
  });

  it('should read the public URL as an origin and the allowed hosts as a list', () => {
    const config = loadConfig({
      OTTERNAUTS_PUBLIC_URL: 'https://MC.example.com:8443/',
      OTTERNAUTS_ALLOWED_HOSTS: ' Ops.lan:8080,,[::1]:9000, 10.0.0.5 ',
      OTTERNAUTS_ADMIN_TOKEN: 'a'.repeat(32),
    });
    expect(config.publicUrl).toBe('https://mc.example.com:8443');
    expect(config.allowedHosts).toEqual(['ops.lan:8080', '[::1]:9000', '10.0.0.5']);
    expect(loadConfig({}).allowedHosts).toEqual([]);
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it('should expand ~ in the data directory', () => {
    expect(loadConfig({ OTTERNAUTS_DATA_DIR: '~/mc' }).dataDir).toBe(path.join(process.env.HOME ?? '', 'mc'));
  });
});
