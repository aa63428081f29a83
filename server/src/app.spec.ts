import fs from 'node:fs';
import path from 'node:path';
import { PrismaService } from './database/prisma.service.js';
import { SecretsService } from './secrets/secrets.service.js';
import { tempDir } from './testing/temp-dir.js';
import { startTestApp, type TestApp } from './testing/test-app.js';
import { WRONG_KEY_MESSAGE } from './vault/vault-cipher.js';

const inject = (t: TestApp, opts: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }) =>
  t.app.inject({ ...opts, method: opts.method as 'GET' } as never) as unknown as Promise<{ statusCode: number; json(): any; body: string }>;

describe('Mission Control on a real SQLite file', () => {
  const dataDir = tempDir('app');
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dataDir);
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('should create the database and a 0600 key in an empty data directory', () => {
    expect(fs.existsSync(path.join(dataDir, 'mission_control.db'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(t.keySource.generated).toBe(true);
  });

  it('should apply every committed migration', async () => {
    const prisma = t.app.get(PrismaService);
    const applied = await prisma.$queryRawUnsafe<{ migration_name: string; finished_at: string | null }[]>(
      'SELECT migration_name, finished_at FROM _prisma_migrations',
    );
    const committed = fs.readdirSync(path.resolve(t.config.webDir, '..', '..', 'prisma', 'migrations')).filter((d) => /^\d+_/.test(d));
    expect(applied.map((m) => m.migration_name).sort()).toEqual(committed.sort());
    expect(applied.every((m) => m.finished_at !== null)).toBe(true);
    const mode = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(mode[0].journal_mode).toBe('wal');
  });

  it('should answer health with the package version', async () => {
    const res = await inject(t, { method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: t.config.version, onManagedCluster: false });
  });

  it('should list the routes in the OpenAPI document', async () => {
    const res = await inject(t, { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/health', '/api/secrets', '/api/secrets/{name}', '/api/registries', '/api/jobs/{id}']),
    );
  });

  it('should name the invalid field in a 400', async () => {
    const res = await inject(t, {
      method: 'POST',
      url: '/api/registries',
      payload: { registryUrl: 'not a url', username: 'otto', password: 'x', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'registryUrl', message: 'must be a registry host such as ghcr.io or registry.example.com:5000' },
        { field: 'extra', message: 'is not a known field' },
      ]),
    );
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('should answer 400 invalid_json for a broken body', async () => {
    const res = await inject(t, {
      method: 'POST',
      url: '/api/registries',
      payload: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
  });

  it('should answer 404 with the error body for unknown ids and routes', async () => {
    const job = await inject(t, { method: 'GET', url: '/api/jobs/nope' });
    expect(job.statusCode).toBe(404);
    expect(job.json()).toEqual({ error: { code: 'not_found', message: 'No job with id nope.', details: [] } });
    const route = await inject(t, { method: 'GET', url: '/api/no-such-thing' });
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe('not_found');
  });

  it('should answer 409 for a conflict', async () => {
    const payload = { registryUrl: 'ghcr.io', username: 'otto', password: 'pw-1234' };
    expect((await inject(t, { method: 'POST', url: '/api/registries', payload })).statusCode).toBe(201);
    const again = await inject(t, { method: 'POST', url: '/api/registries', payload });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('registry_exists');
  });

  it('should store secrets encrypted and never return their values', async () => {
    const put = await inject(t, { method: 'PUT', url: '/api/secrets/DB_PASSWORD', payload: { value: 'correct-horse-battery' } });
    expect(put.statusCode).toBe(200);
    const list = await inject(t, { method: 'GET', url: '/api/secrets' });
    expect(list.body).toContain('DB_PASSWORD');
    expect(list.body).not.toContain('correct-horse-battery');
    const raw =
      fs.readFileSync(path.join(dataDir, 'mission_control.db')).toString('latin1') +
      fs.readFileSync(path.join(dataDir, 'mission_control.db-wal')).toString('latin1');
    expect(raw).not.toContain('correct-horse-battery');
    expect(raw).not.toContain('pw-1234');
    expect(t.logs.join('\n')).not.toContain('correct-horse-battery');
    const bad = await inject(t, { method: 'PUT', url: '/api/secrets/1BAD', payload: { value: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('name');
  });
});

describe('Mission Control restarted on the same data directory', () => {
  it('should keep the data, and with another key give the clear error and overwrite nothing', async () => {
    const dataDir = tempDir('restart');
    const first = await startTestApp(dataDir);
    await first.app.get(SecretsService).put('API_KEY', 'sekrit-value');
    await first.app.close();
    const keyBefore = fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8');

    const again = await startTestApp(dataDir);
    expect(again.keySource.generated).toBe(false);
    expect((await again.app.get(SecretsService).values(['API_KEY'])).get('API_KEY')).toBe('sekrit-value');
    await again.app.close();

    const otherKey = Buffer.alloc(32, 9).toString('base64');
    const wrong = await startTestApp(dataDir, { OTTERNAUTS_SECRET_KEY: otherKey });
    expect(wrong.keyMatches).toBe(false);
    await expect(wrong.app.get(SecretsService).values(['API_KEY'])).rejects.toThrow(WRONG_KEY_MESSAGE);
    const put = (await wrong.app.inject({ method: 'PUT', url: '/api/secrets/API_KEY', payload: { value: 'new' } })) as unknown as {
      statusCode: number;
      json(): any;
    };
    expect(put.statusCode).toBe(503);
    expect(put.json().error).toEqual({ code: 'vault_key_mismatch', message: WRONG_KEY_MESSAGE, details: [] });
    await wrong.app.close();

    expect(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8')).toBe(keyBefore);
    const right = await startTestApp(dataDir);
    expect((await right.app.get(SecretsService).values(['API_KEY'])).get('API_KEY')).toBe('sekrit-value');
    await right.app.close();
  });
});

describe('the committed OpenAPI document', () => {
  it('should match the controllers (run `npm -w server run openapi` after changing the API)', async () => {
    const dataDir = tempDir('openapi');
    const t = await startTestApp(dataDir);
    const live = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })) as unknown as { json(): unknown };
    const committed = JSON.parse(fs.readFileSync(path.resolve(t.config.webDir, '..', '..', 'server', 'openapi.json'), 'utf8'));
    expect(live.json()).toEqual(committed);
    await t.app.close();
  });
});
