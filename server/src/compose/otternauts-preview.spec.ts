import { describe, expect, it } from '@jest/globals';
import { checkTemplate, placeholderValues, renderTemplate, slug } from './preview-template.js';
import { check, yaml } from './testing/validate.js';

const web = (...lines: string[]) =>
  yaml('services:', '  web:', '    image: nginx', '    expose: [80]', '    x-otternauts:', '      preview:', ...lines);
const templates = (...list: string[]) => web('        domains:', ...list.map((t) => `          - "${t}"`));

describe('x-otternauts.preview in a stack file', () => {
  it('accepts domain templates and replicas, and routes none of them in the parent', () => {
    const result = check(
      web('        domains: ["pr-{number}.preview.example.com", "{branch}.{stack}.example.com"]', '        replicas: 2'),
    );
    expect(result.errors).toEqual([]);
    expect(result.services[0].domains).toEqual([]);
    expect(result.rendered).not.toMatch(/traefik|x-otternauts|preview/);
  });

  it('refuses templates that cannot give a valid domain, at their lines', () => {
    const result = check(
      templates(
        'pr-{nummer}.example.com',
        'preview.example.com',
        'https://pr-{number}.example.com',
        'pr-{number}',
        '{number}.{sha}',
        'pr-{number}.Example.com/x',
        'pr-{number}}.example.com',
      ),
    );
    expect(result.errors.map((e) => [e.line, e.path])).toEqual(
      [8, 9, 10, 11, 12, 13, 14].map((line, i) => [line, `services.web.x-otternauts.preview.domains[${i}]`]),
    );
    const why = result.errors.map((e) => e.message.replace(/^.* is not a usable template: /, ''));
    expect(why[0]).toBe('{nummer} is not a placeholder Otternauts fills in: use {number}, {branch}, {sha} or {stack}.');
    expect(why[1]).toBe('it names neither {number} nor {branch}, so every preview would get the same domain.');
    expect(why[2]).toMatch(
      /^it cannot give a valid domain \(request 42 of branch feature-x gives "https:\/\/pr-42\.example\.com": write the host name alone/,
    );
    expect(why[3]).toMatch(/it needs at least one dot/);
    expect(why[4]).toMatch(/gives "42\.0123456": its last part cannot be all digits/);
    expect(why[5]).toMatch(/a domain has no path/);
    expect(why[6]).toBe('it has a brace outside a placeholder.');
  });

  it('warns when only a long branch name makes a template too long, and refuses variables, odd values, duplicates and unknown keys', () => {
    const long = check(templates('{branch}-{branch}.example.com'));
    expect(long.errors).toEqual([]);
    expect(long.warnings.filter((w) => w.path.includes('preview')).map((w) => [w.line, w.message])).toEqual([
      [
        8,
        expect.stringMatching(
          /for a branch name of 40 characters it gives no valid domain \(the part "b+…" is longer than 63 characters\), so such a preview would be refused\.$/,
        ),
      ],
    ]);
    const bad = check(
      web(
        '        domains: ["pr-${N}.example.com", 42, "pr-{number}.x.com", "PR-{number}.x.com"]',
        '        replicas: many',
        '        domain: x',
      ),
    );
    expect(bad.errors.map((e) => [e.line, e.path, e.message.slice(0, 40)])).toEqual([
      [7, 'services.web.x-otternauts.preview.domains[0]', 'Write the domain template out in x-otter'],
      [7, 'services.web.x-otternauts.preview.domains[1]', 'Each entry of x-otternauts.preview.domai'],
      [7, 'services.web.x-otternauts.preview.domains[3]', 'PR-{number}.x.com is listed twice in x-o'],
      [8, 'services.web.x-otternauts.preview.replicas', 'x-otternauts.preview.replicas in service'],
      [9, 'services.web.x-otternauts.preview.domain', 'Unknown key `domain` in x-otternauts.pre'],
    ]);
    expect(check(web('        replicas: 11')).errors[0].message).toMatch(/whole number from 0 to 10/);
    expect(check(web('        replicas: 0')).errors).toEqual([]);
    expect(check(yaml('services:', '  web:', '    image: nginx', '    x-otternauts:', '      preview: [a]')).errors[0]).toMatchObject({
      line: 5,
      path: 'services.web.x-otternauts.preview',
    });
  });

  it('needs the port for templated domains as it does for domains', () => {
    const result = check(
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    x-otternauts:',
        '      preview:',
        '        domains: ["pr-{number}.example.com"]',
      ),
    );
    expect(result.errors[0].message).toMatch(/^Service web has domains but exposes no port/);
  });

  it('survives a template of huge length without echoing it whole', () => {
    const huge = `pr-{number}.${'a'.repeat(100_000)}.com`;
    const result = check(templates(huge));
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message.length).toBeLessThan(400);
  });
});

describe('preview template values', () => {
  it('slugs branches to a-z0-9 and -, at most 40 characters, and {stack} to a DNS label', () => {
    expect(slug('Feature/Login_v2', 40)).toBe('feature-login-v2');
    expect(slug('--x--', 40)).toBe('x');
    expect(slug(`${'a'.repeat(39)}-b`, 40)).toBe('a'.repeat(39));
    expect(placeholderValues({ number: 7, branch: 'ümlaut/ß', sha: 'ABCDEF0123', stack: 'my_shop' })).toEqual({
      number: '7',
      branch: 'mlaut',
      sha: 'abcdef0',
      stack: 'my-shop',
    });
    expect(placeholderValues({ number: 7, branch: '', sha: 'a'.repeat(40), stack: 's' }).branch).toBe('pr-7');
    expect(renderTemplate('{stack}-PR-{number}.{sha}.Example.com', { number: 3, branch: 'x', sha: 'f'.repeat(40), stack: 'shop' })).toBe(
      'shop-pr-3.fffffff.example.com',
    );
  });

  it('says a usable template is usable', () => {
    expect(checkTemplate('pr-{number}.preview.example.com', 'shop')).toEqual({ ok: true, warning: null });
  });
});
