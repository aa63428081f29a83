import { tempDir } from './testing/temp-dir.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// Every route that takes input answers a 400 naming the invalid fields, and changes nothing.
describe('request validation on every route', () => {
  let t: TestApp;
  const call = async (method: string, url: string, payload?: unknown) => {
    const res = (await t.app.inject({ method: method as 'POST', url, payload: payload as object })) as unknown as {
      statusCode: number;
      json(): any;
    };
    return { status: res.statusCode, body: res.json() };
  };
  const fields = (body: { error: { details: { field?: string }[] } }) => [...new Set(body.error.details.map((d) => d.field))].sort();

  beforeAll(async () => {
    t = await startTestApp(tempDir('routes'));
  });
  afterAll(() => t.app.close());

  it.each([
    ['POST', '/api/servers/scan', { hostname: 'root@host; rm -rf /', port: 70000 }, ['hostname', 'port']],
    [
      'POST',
      '/api/servers',
      { name: '', hostname: 'ok.example', sshUser: 'Root User', privateKey: '', fingerprint: 'MD5:aa', role: 'boss' },
      ['fingerprint', 'name', 'privateKey', 'role', 'sshUser'],
    ],
    ['PUT', '/api/servers/x/fingerprint', { fingerprint: 'SHA256:short' }, ['fingerprint']],
    ['POST', '/api/servers/x/provision', { leaveExistingSwarm: 'yes' }, ['leaveExistingSwarm']],
    ['PUT', '/api/cluster', { acmeEmail: 'not-an-email' }, ['acmeEmail']],
    ['POST', '/api/stacks/validate', { name: 'x'.repeat(64), configuration: 42 }, ['configuration', 'name']],
    ['POST', '/api/stacks', { name: '', configuration: 'services: {}' }, ['name']],
    ['PUT', '/api/stacks/x', { configuration: null }, ['configuration']],
    ['POST', '/api/stacks/x/rollback', {}, ['deploymentId']],
    ['POST', '/api/registries', { registryUrl: 'https://', username: '', password: '' }, ['password', 'registryUrl', 'username']],
    ['PUT', '/api/secrets/OK_NAME', { value: '' }, ['value']],
    ['POST', '/api/jobs/test', { steps: 0, stepMs: -1 }, ['stepMs', 'steps']],
  ])('%s %s should name the invalid fields', async (method, url, payload, expected) => {
    const res = await call(method, url, payload);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fields(res.body)).toEqual(expected);
  });

  it('should check query parameters of the logs route', async () => {
    const res = await call('GET', '/api/stacks/x/services/web/logs?tail=-5&since=yesterday');
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['since', 'tail']);
  });

  it('should refuse an invalid stack file with its line, and store nothing', async () => {
    const res = await call('POST', '/api/stacks', { name: 'shop', configuration: 'services:\n  web:\n    build: .\n' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_configuration');
    expect(res.body.error.details[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect((await call('GET', '/api/stacks')).body).toEqual([]);
  });

  it('should refuse a stack whose domain or Traefik router another stack already has', async () => {
    const file = (service: string, domain: string) =>
      `services:\n  ${service}:\n    image: nginx:1.27\n    x-otternauts:\n      domains: [${domain}]\n      port: 80\n`;
    expect((await call('POST', '/api/stacks', { name: 'a', configuration: file('b-c', 'one.example.com') })).status).toBe(201);
    const sameRouter = await call('POST', '/api/stacks', { name: 'a-b', configuration: file('c', 'two.example.com') });
    expect(sameRouter.status).toBe(400);
    expect(sameRouter.body.error.message).toContain('Traefik router name a-b-c, which stack a already uses');
    // the stack itself, edited and validated again, clashes with nothing
    const again = await call('POST', '/api/stacks/validate', { name: 'a', configuration: file('b-c', 'one.example.com') });
    expect(again.body).toMatchObject({ valid: true, errors: [] });
    const sameDomain = await call('POST', '/api/stacks', { name: 'other', configuration: file('web', 'one.example.com') });
    expect(sameDomain.status).toBe(400);
    expect(sameDomain.body.error.details[0].field).toBe('services.web.x-otternauts.domains[0]');
  });

  it('should refuse the ingress stack name', async () => {
    const res = await call('POST', '/api/stacks/validate', {
      name: 'otternauts-ingress',
      configuration: 'services:\n  web:\n    image: nginx\n',
    });
    expect(res.body.valid).toBe(false);
    expect(res.body.errors[0].message).toContain("otternauts-ingress is the cluster's ingress");
  });

  it('should answer 404 for unknown ids', async () => {
    for (const url of [
      '/api/servers/nope',
      '/api/stacks/nope',
      '/api/deployments/nope',
      '/api/stacks/nope/diff',
      '/api/stacks/nope/deployments',
    ]) {
      const res = await call('GET', url);
      expect([url, res.status, res.body.error.code]).toEqual([url, 404, 'not_found']);
    }
  });
});
