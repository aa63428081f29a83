import { describe, expect, it } from '@jest/globals';
import { validateStack } from './index.js';
import { check, yaml } from './testing/validate.js';

const none = { secretNames: new Set<string>(), domainsInUse: new Map<string, string>() };

describe('validateStack', () => {
  it('is valid with a rendered file and a summary of the services', () => {
    const result = validateStack('shop', yaml('services:', '  web:', '    image: nginx:1.27', '    x-otternauts: {domains: [shop.example.com], port: 80}', '  worker:', '    image: ${REGISTRY:-ghcr.io}/acme/worker'), none);
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
    expect(result.errors).toEqual([{ message: 'Stack name: A stack name cannot contain spaces: use - or _ between words.', line: 1, column: 1, path: '' }]);
  });

  it('needs at least one service', () => {
    expect(check(yaml('version: "3.8"')).errors).toEqual([{ message: 'The file has no services: a stack needs at least one under `services`.', line: 1, column: 1, path: 'services' }]);
    expect(check(yaml('version: "3.8"', 'services: {}')).errors).toEqual([{ message: 'The file has no services: a stack needs at least one under `services`.', line: 2, column: 1, path: 'services' }]);
  });

  it('lists errors in the order of the file', () => {
    const result = check(yaml('services:', '  b:', '    build: .', '  a:', '    image: nginx', '    env_file: .env'));
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 6]);
  });
});
