import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { previewCompose } from './preview-compose.js';
import { check, yaml } from './testing/validate.js';

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';
const values = { number: 12, branch: 'Feature/Login_v2', sha: SHA, stack: 'shop' };
type Js = { services: Record<string, Record<string, any>> };
const js = (text: string) => parseDocument(text, { merge: true }).toJS() as Js;

const SHOP = yaml(
  'services:',
  '  web:',
  '    image: nginx:1.27 # the front',
  '    deploy:',
  '      replicas: 3',
  '    ports:',
  '      - "8080:80"',
  '      - "9000"',
  '      - target: 81',
  '        published: 8081',
  '    x-otternauts:',
  '      domains: [shop.example.com]',
  '      port: 80',
  '      preview:',
  '        domains:',
  '          - pr-{number}.preview.example.com',
  '          - "{branch}-{sha}.{stack}.example.com"',
  '  api:',
  '    image: api:1',
  '    x-otternauts:',
  '      domains: [api.example.com]',
  '      port: 3000',
  '      preview:',
  '        replicas: 2',
  '  agent:',
  '    image: agent:1',
  '    deploy:',
  '      mode: global',
);

describe('previewCompose', () => {
  it("gives services their templated domains only, never the parent's, and one replica unless the template says", () => {
    const out = js(previewCompose(SHOP, values));
    expect(out.services.web['x-otternauts'].domains).toEqual(['pr-12.preview.example.com', 'feature-login-v2-abcdef0.shop.example.com']);
    expect(out.services.api['x-otternauts'].domains).toEqual([]);
    expect(out.services.web.deploy.replicas).toBe(1);
    expect(out.services.api.deploy).toEqual({ replicas: 2 });
    expect(out.services.agent.deploy).toEqual({ mode: 'global' });
  });

  it('leaves out ports published on the nodes (the parent holds them), keeps those Docker picks', () => {
    expect(js(previewCompose(SHOP, values)).services.web.ports).toEqual(['9000']);
  });

  it("keeps the user's comments and formatting, and the result validates under the preview's name with its domains routed", () => {
    const text = previewCompose(SHOP, values);
    expect(text).toContain('    image: nginx:1.27 # the front\n');
    expect(text).toContain('      domains: [pr-12.preview.example.com, feature-login-v2-abcdef0.shop.example.com]\n');
    const result = check(text, { domainsInUse: new Map([['shop.example.com', 'shop']]) }, 'shop-pr-12');
    expect(result.errors).toEqual([]);
    expect(result.rendered).toContain(
      'traefik.http.routers.shop-pr-12-web.rule=Host(`pr-12.preview.example.com`) || Host(`feature-login-v2-abcdef0.shop.example.com`)',
    );
    expect(result.rendered).not.toMatch(/Host\(`shop\.example\.com`\)|api\.example\.com/);
  });

  it('overrides domains and replicas merged in with <<, without changing the anchor other services share', () => {
    const text = yaml(
      'x-routed: &routed',
      '  domains: [shop.example.com]',
      '  port: 80',
      '  preview:',
      '    domains: ["pr-{number}.example.com"]',
      'x-deploy: &deploy',
      '  replicas: 4',
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy: *deploy',
      '    x-otternauts:',
      '      <<: *routed',
      '  other:',
      '    image: nginx',
      '    deploy: *deploy',
    );
    const out = previewCompose(text, values);
    const services = js(out).services;
    expect(services.web['x-otternauts']).toEqual({
      domains: ['pr-12.example.com'],
      port: 80,
      preview: { domains: ['pr-{number}.example.com'] },
    });
    expect(services.web.deploy).toEqual({ replicas: 1 });
    expect(services.other.deploy).toEqual({ replicas: 1 });
    expect((parseDocument(out, { merge: true }).toJS() as Record<string, any>)['x-deploy']).toEqual({ replicas: 4 });
    expect(check(out, {}, 'shop-pr-12').errors).toEqual([]);
  });

  it('falls back to pr-<number> for a branch with no letter or digit, and cuts a long branch to 40 characters', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    expose: [80]',
      '    x-otternauts:',
      '      preview:',
      '        domains: ["{branch}.example.com"]',
    );
    expect(js(previewCompose(text, { ...values, branch: '___' })).services.web['x-otternauts'].domains).toEqual(['pr-12.example.com']);
    const long = js(previewCompose(text, { ...values, branch: `${'a'.repeat(39)}-${'b'.repeat(30)}` })).services.web['x-otternauts']
      .domains[0];
    expect(long).toBe(`${'a'.repeat(39)}.example.com`);
  });

  it('leaves a file that does not parse, or has no services, as it is, for validation to report', () => {
    for (const text of ['services: [\n', 'just text\n', yaml('services:', '  web: nginx'), ''])
      expect(previewCompose(text, values)).toBe(text);
  });

  it('reports a template that this request makes invalid at its line when the preview is validated', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    expose: [80]',
      '    x-otternauts:',
      '      preview:',
      '        domains: ["{branch}{branch}.example.com"]',
    );
    const branch = 'b'.repeat(40);
    const result = check(previewCompose(text, { ...values, branch }), {}, 'shop-pr-12');
    // the line of the preview's own file (the one it stores and shows): the filled-in list follows the templates
    expect(result.errors.map((e) => [e.line, e.path])).toEqual([[8, 'services.web.x-otternauts.domains[0]']]);
    expect(result.errors[0].message).toMatch(/is not a domain Otternauts can route: the part "b{20}…" is longer than 63 characters/);
  });
});
