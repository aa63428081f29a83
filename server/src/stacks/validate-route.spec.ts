import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

// The editor validates as you type, before a name is typed: the file alone must be checkable.
describe('POST /api/stacks/validate', () => {
  let t: TestApp;
  const validate = async (payload: object) => {
    const res = (await t.app.inject({ method: 'POST', url: '/api/stacks/validate', payload })) as unknown as {
      statusCode: number;
      json(): any;
    };
    return { status: res.statusCode, body: res.json() };
  };
  const good = 'services:\n  web:\n    image: nginx:1.27\n';
  const bad = 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: many\n';

  beforeAll(async () => {
    t = await startTestApp(tempDir('validate-route'));
  });
  afterAll(() => t.app.close());

  it.each([[{}], [{ name: '' }]])('should check the file alone when the name is missing or empty (%j)', async (name) => {
    const ok = await validate({ ...name, configuration: good });
    expect(ok).toEqual({ status: 200, body: { valid: true, errors: [], warnings: [], rendered: null } });
    const wrong = await validate({ ...name, configuration: bad });
    expect(wrong.status).toBe(200);
    expect(wrong.body.valid).toBe(false);
    expect(wrong.body.errors.map((e: { path: string; line: number }) => [e.path, e.line])).toEqual([['services.web.deploy.replicas', 5]]);
  });

  it('should report a wrong name once, as a name problem, together with the file problems', async () => {
    const res = await validate({ name: 'My Shop', configuration: bad });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.rendered).toBeNull();
    expect(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message.split(':')[0]])).toEqual([
      ['', 'Stack name'],
      ['services.web.deploy.replicas', expect.any(String)],
    ]);
  });

  it('should render the file under a valid name', async () => {
    const res = await validate({ name: 'shop', configuration: good });
    expect(res.body).toMatchObject({ valid: true, errors: [] });
    expect(res.body.rendered).toContain('image: nginx:1.27');
  });

  it('should still refuse a name that is not a string or too long', async () => {
    for (const name of [42, 'x'.repeat(64)]) {
      const res = await validate({ name, configuration: good });
      expect([res.status, [...new Set(res.body.error.details.map((d: { field: string }) => d.field))]]).toEqual([400, ['name']]);
    }
  });
});
