import { describe, expect, it } from '@jest/globals';
import { isImageReference, overrideImages } from './image-override.js';

const FILE = [
  '# the shop, as the team wrote it',
  'services:',
  '  web:',
  '    image: "shop/web:1.4.1" # bumped by CI',
  '    x-otternauts:',
  '      domains: [shop.example.com]',
  '      port: 8080',
  '  worker:',
  '    image: shop/worker:1.4.1',
  '    deploy:',
  '      replicas: 2',
  '',
].join('\n');

describe('image references a deploy may set', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:1.27-alpine',
    'registry.example.com/shop/web:1.4.2',
    '10.0.0.5:5000/team/app:sha-abc123',
    'localhost/app',
    `ghcr.io/otto/app@sha256:${'a'.repeat(64)}`,
    `ghcr.io/otto/app:1.0@sha256:${'b'.repeat(64)}`,
  ])('should accept %s', (ref) => expect(isImageReference(ref)).toBe(true));

  it.each([
    '',
    'Shop/Web:1',
    'shop/web:',
    'shop/web:-bad',
    'shop web:1',
    '${REGISTRY}/web:1',
    'shop/web:1; rm -rf /',
    'shop/web@sha256:short',
    'reg.example.com:99999999/app',
    'a'.repeat(600),
  ])('should refuse %j', (ref) => expect(isImageReference(ref)).toBe(false));
});

describe('overrideImages', () => {
  it('should replace only the named image and keep comments, quoting, order and everything else', () => {
    const r = overrideImages('shop', FILE, { web: 'shop/web:1.4.2' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.configuration).toBe(FILE.replace('"shop/web:1.4.1"', '"shop/web:1.4.2"'));
    expect(r.changed).toEqual(['web']);
  });

  it('should set several at once and report none changed when the images are already those', () => {
    const r = overrideImages('shop', FILE, { web: 'shop/web:1.4.1', worker: 'shop/worker:2.0' });
    expect(r.ok && r.changed).toEqual(['worker']);
    expect(r.ok && r.configuration).toContain('    image: shop/worker:2.0\n');
  });

  it('should add an image to a service that has none', () => {
    const r = overrideImages('x', 'services:\n  web:\n    command: ["serve"]\n', { web: 'app:1' });
    expect(r.ok && r.configuration).toBe('services:\n  web:\n    command: ["serve"]\n    image: app:1\n');
  });

  it('should name an unknown service and the services the stack has, and change nothing', () => {
    const r = overrideImages('shop', FILE, { api: 'shop/api:1', web: 'shop/web:2' });
    expect(r).toEqual({
      ok: false,
      message: 'shop has no service by some of those names.',
      details: [{ field: 'images.api', message: 'shop has no service api; its services are: web, worker' }],
    });
  });

  it('should say which image is malformed, and refuse an empty or oversized request', () => {
    const bad = overrideImages('shop', FILE, { web: 'Shop/Web' });
    expect(!bad.ok && bad.details).toEqual([
      { field: 'images.web', message: '"Shop/Web" is not an image reference Docker accepts (e.g. registry.example.com/shop/web:1.4.2)' },
    ]);
    expect(!bad.ok && bad.message).toBe('Some images cannot be deployed as given.');
    const none = overrideImages('shop', FILE, {});
    expect(!none.ok && none.details[0].field).toBe('images');
    const many = overrideImages('shop', FILE, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`s${i}`, 'a:1'])));
    expect(!many.ok && many.details.map((d) => d.message)).toContain('at most 50 services per deploy');
    const notString = overrideImages('shop', FILE, { web: 42 as unknown as string });
    expect(!notString.ok && notString.details[0].message).toBe(
      '42 is not an image reference Docker accepts (e.g. registry.example.com/shop/web:1.4.2)',
    );
  });
});
