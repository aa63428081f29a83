import { describe, expect, it } from '@jest/globals';
import { validateStack } from './validate-stack.js';
import { check, yaml } from './testing/validate.js';

const none = { secretNames: new Set<string>(), domainsInUse: new Map<string, string>() };

describe('validateStack', () => {
  it('is valid with a rendered file and a summary of the services', () => {
    const result = validateStack(
      'shop',
      yaml(
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    x-otternauts: {domains: [shop.example.com], port: 80}',
        '  worker:',
        '    image: ${REGISTRY:-ghcr.io}/acme/worker',
      ),
      none,
    );
    expect(result.valid).toBe(true);
    expect(result.rendered).toContain('traefik.http.routers.shop-web.rule=Host(`shop.example.com`)');
    expect(result.services).toEqual([
      { name: 'web', image: 'nginx:1.27', domains: ['shop.example.com'], port: 80 },
      { name: 'worker', image: '${REGISTRY:-ghcr.io}/acme/worker', domains: [], port: null },
    ]);
  });

  it('renders nothing when there is an error, but still summarises the services', () => {
    const result = check(yaml('services:', '  web:', '    build: .'));
    expect(result.valid).toBe(false);
    expect(result.rendered).toBeNull();
    expect(result.services).toEqual([{ name: 'web', image: null, domains: [], port: null }]);
  });

  it('is valid with warnings', () => {
    const result = check(yaml('services:', '  web:', '    image: nginx', '    container_name: web'));
    expect(result.valid).toBe(true);
    expect(result.warnings).toHaveLength(1);
    expect(result.rendered).not.toBeNull();
  });

  it('refuses an invalid stack name, since it names routers and services', () => {
    const result = validateStack('My Shop', yaml('services:', '  web:', '    image: nginx'), none);
    expect(result.errors).toEqual([
      { message: 'Stack name: A stack name cannot contain spaces: use - or _ between words.', line: 1, column: 1, path: '' },
    ]);
  });

  it('needs at least one service', () => {
    expect(check(yaml('version: "3.8"')).errors).toEqual([
      { message: 'The file has no services: a stack needs at least one under `services`.', line: 1, column: 1, path: 'services' },
    ]);
    expect(check(yaml('version: "3.8"', 'services: {}')).errors).toEqual([
      { message: 'The file has no services: a stack needs at least one under `services`.', line: 2, column: 1, path: 'services' },
    ]);
  });

  it('lists errors in the order of the file', () => {
    const result = check(
      yaml('services:', '  b:', '    build: .', '  a:', '    image: nginx', '    env_file: .env', '  c:', '    command: x'),
    );
    expect(result.errors.map((e) => e.line)).toEqual([3, 6, 7]);
  });
});

describe('Traefik router names', () => {
  const withDomain = (service: string, domain: string) =>
    `  ${service}:\n    image: nginx:1.27\n    x-otternauts:\n      domains: [${domain}]\n      port: 80\n`;

  it('should refuse two services of one stack whose router names meet', () => {
    const result = validateStack('shop', `services:\n${withDomain('web.api', 'a.example.com')}${withDomain('web-api', 'b.example.com')}`, {
      secretNames: new Set(),
      domainsInUse: new Map(),
    });
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual({
      message:
        'Service web-api would get the Traefik router name shop-web-api, which service web.api of this stack already uses: rename the service so their routes stay apart.',
      line: 7,
      column: 3,
      path: 'services.web-api',
    });
  });

  it('should refuse a router name another stack of the cluster uses', () => {
    const result = validateStack('a-b', `services:\n${withDomain('c', 'c.example.com')}`, {
      secretNames: new Set(),
      domainsInUse: new Map(),
      routersInUse: new Map([['a-b-c', 'a']]),
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      'Service c would get the Traefik router name a-b-c, which stack a already uses: rename the service so their routes stay apart.',
    ]);
  });
});
