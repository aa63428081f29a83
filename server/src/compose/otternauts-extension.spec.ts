import { describe, expect, it } from '@jest/globals';
import { check, yaml } from './testing/validate.js';

const web = (...lines: string[]) => yaml('services:', '  web:', '    image: nginx:1.27', ...lines);

describe('x-otternauts', () => {
  it('reads domains (lower-cased) and an explicit port into the summary', () => {
    const result = check(web('    x-otternauts:', '      domains: [Shop.Example.com, www.example.com]', '      port: 8080'));
    expect(result.errors).toEqual([]);
    expect(result.services).toEqual([{ name: 'web', image: 'nginx:1.27', domains: ['shop.example.com', 'www.example.com'], port: 8080 }]);
  });

  it.each([
    ['https://example.com', 'write the host name alone, without http:// or https://'],
    ['example.com:8080', 'a domain has no port: Traefik serves it on 443 (HTTPS) and 80'],
    ['example.com/shop', 'a domain has no path: Traefik routes the whole host name'],
    ['*.example.com', 'wildcard domains cannot get a certificate through the HTTP challenge: list each host name'],
    ['localhost', 'it needs at least one dot, like example.com'],
    ['192.168.1.10', 'an IP address is not a domain: point a domain at a node and list the domain'],
    ['bad_name.example.com', 'each part may hold only letters, digits and inner hyphens'],
    ['-a.example.com', 'each part may hold only letters, digits and inner hyphens'],
    ['example.com.', 'leave out the final dot'],
    ['bücher.de', 'write an internationalised domain in its ASCII (xn--) form'],
  ])('refuses %s', (domain, reason) => {
    expect(check(web('    x-otternauts:', '      domains:', `        - "${domain}"`, '      port: 80')).errors).toEqual([
      {
        message: `"${domain}" in x-otternauts.domains of service web is not a domain Otternauts can route: ${reason}.`,
        line: 6,
        column: 11,
        path: 'services.web.x-otternauts.domains[0]',
      },
    ]);
  });

  it('refuses a domain listed twice in the stack, after lower-casing', () => {
    const result = check(
      yaml(
        'services:',
        '  a:',
        '    image: redis',
        '    x-otternauts: {domains: [a.example.com], port: 80}',
        '  b:',
        '    image: nginx',
        '    x-otternauts: {domains: [A.example.com], port: 80}',
      ),
    );
    expect(result.errors).toEqual([
      {
        message: 'a.example.com is listed in services a and b: a domain can lead to one service only.',
        line: 7,
        column: 30,
        path: 'services.b.x-otternauts.domains[0]',
      },
    ]);
  });

  it('refuses a domain another stack of the cluster routes, naming that stack', () => {
    const result = check(web('    x-otternauts: {domains: [blog.example.com], port: 80}'), {
      domainsInUse: new Map([['blog.example.com', 'blog']]),
    });
    expect(result.errors).toEqual([
      {
        message:
          'blog.example.com already leads to the stack blog: a domain can point at one stack only. Remove it there first, or choose another domain.',
        line: 4,
        column: 30,
        path: 'services.web.x-otternauts.domains[0]',
      },
    ]);
    // a redeploy of the same stack is no conflict
    expect(
      check(web('    x-otternauts: {domains: [blog.example.com], port: 80}'), { domainsInUse: new Map([['blog.example.com', 'demo']]) })
        .valid,
    ).toBe(true);
  });

  it.each([
    ['expose: ["3000"]', 3000],
    ['expose: [3000, "53/udp"]', 3000],
    ['ports: ["8080:3000"]', 3000],
    ['ports: [3000]', 3000],
    ['ports: [{target: 3000, published: 8080}]', 3000],
  ])('infers the port when the service exposes exactly one (%s)', (line, port) => {
    const result = check(web(`    ${line}`, '    x-otternauts:', '      domains: [shop.example.com]'));
    expect(result.errors).toEqual([]);
    expect(result.services[0].port).toBe(port);
  });

  it('asks for x-otternauts.port when the port cannot be told, at x-otternauts', () => {
    expect(check(web('    expose: ["3000", "3001"]', '    x-otternauts:', '      domains: [shop.example.com]')).errors).toEqual([
      {
        message:
          'Service web has domains but exposes several ports (3000, 3001), so Otternauts cannot tell where to send their traffic: add `port` under x-otternauts with the port the service listens on.',
        line: 5,
        column: 5,
        path: 'services.web.x-otternauts',
      },
    ]);
    expect(check(web('    x-otternauts:', '      domains: [shop.example.com]')).errors[0].message).toBe(
      'Service web has domains but exposes no port, so Otternauts cannot tell where to send their traffic: add `port` under x-otternauts with the port the service listens on.',
    );
  });

  it.each([
    ['port: 0', 'it must be a whole number from 1 to 65535'],
    ['port: 70000', 'it must be a whole number from 1 to 65535'],
    ['port: "8080"', 'write it as a number, without quotes: port: 8080'],
    ['port: ${PORT}', 'write the number out: Otternauts needs it before deploying, so it cannot come from a variable'],
  ])('refuses %s', (line, reason) => {
    expect(check(web('    x-otternauts:', `      ${line}`)).errors).toEqual([
      { message: `x-otternauts.port in service web is not valid: ${reason}.`, line: 5, column: 13, path: 'services.web.x-otternauts.port' },
    ]);
  });

  it('refuses keys it does not know', () => {
    expect(check(web('    x-otternauts:', '      domain: shop.example.com', '      port: 80')).errors).toEqual([
      {
        message: 'Unknown key `domain` in x-otternauts of service web: Otternauts reads only `domains`, `port` and `preview`.',
        line: 5,
        column: 7,
        path: 'services.web.x-otternauts.domain',
      },
    ]);
  });

  it('refuses x-otternauts anywhere but directly under a service (top-level x-* templates may hold it)', () => {
    const result = check(
      yaml(
        'x-otternauts: {port: 80}',
        'x-template: &t',
        '  x-otternauts: {port: 80}',
        'services:',
        '  web:',
        '    image: nginx',
        '    deploy:',
        '      x-otternauts: {port: 80}',
      ),
    );
    expect(result.errors).toEqual([
      {
        message: 'x-otternauts belongs inside a service (services.<name>.x-otternauts), not at the top level.',
        line: 1,
        column: 1,
        path: 'x-otternauts',
      },
      {
        message:
          'x-otternauts in `deploy` in service web is out of place: it belongs directly under a service, like services.web.x-otternauts.',
        line: 8,
        column: 7,
        path: 'services.web.deploy.x-otternauts',
      },
    ]);
  });

  it('takes x-otternauts merged in from a template', () => {
    const result = check(
      yaml(
        'x-web: &web',
        '  x-otternauts: {port: 8080}',
        'services:',
        '  web:',
        '    <<: *web',
        '    image: nginx',
        '    x-otternauts: {domains: [a.example.com]}',
      ),
    );
    // the service's own x-otternauts wins over the merged one, as for any key
    expect(result.errors.map((e) => e.message)).toEqual([
      'Service web has domains but exposes no port, so Otternauts cannot tell where to send their traffic: add `port` under x-otternauts with the port the service listens on.',
    ]);
    const merged = check(
      yaml(
        'x-web: &web',
        '  x-otternauts: {domains: [a.example.com], port: 8080}',
        'services:',
        '  web:',
        '    <<: *web',
        '    image: nginx',
      ),
    );
    expect(merged.services[0]).toEqual({ name: 'web', image: 'nginx', domains: ['a.example.com'], port: 8080 });
  });
});
