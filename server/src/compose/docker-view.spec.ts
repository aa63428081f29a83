import { describe, expect, it } from '@jest/globals';
import { check, yaml } from './testing/validate.js';

const web = (...lines: string[]) => yaml('services:', '  web:', '    image: nginx:1.27', ...lines);

describe('variable references (${VAR}) against stored secrets', () => {
  it('asks for a secret for every ${VAR} no stored secret resolves, naming it, on its line', () => {
    const result = check(web('    environment:', '      API_KEY: ${API_KEY}', '      BOTH: $USER/${HOST}'));
    expect(result.errors).toEqual([
      {
        message: '${API_KEY} is not a stored secret: add it under Secrets or write the value.',
        line: 5,
        column: 16,
        path: 'services.web.environment.API_KEY',
      },
      {
        message: '${USER} is not a stored secret: add it under Secrets or write the value.',
        line: 6,
        column: 13,
        path: 'services.web.environment.BOTH',
      },
      {
        message: '${HOST} is not a stored secret: add it under Secrets or write the value.',
        line: 6,
        column: 13,
        path: 'services.web.environment.BOTH',
      },
    ]);
  });

  it('quotes the message a ${VAR:?message} carries', () => {
    expect(check(web('    environment:', '      DOMAIN: ${DOMAIN:?Variable not set}')).errors[0].message).toBe(
      '${DOMAIN} is not a stored secret: add it under Secrets or write the value (the file says: Variable not set).',
    );
  });

  it('accepts references that stored secrets resolve', () => {
    const result = check(web('    environment:', '      API_KEY: ${API_KEY}', '      TOKEN: ${TOKEN:?needed}'), {
      secretNames: new Set(['API_KEY', 'TOKEN']),
    });
    expect(result.errors).toEqual([]);
    expect(result.rendered).toContain('API_KEY: ${API_KEY}');
  });

  it('reads `$NAME-text` as Docker does: a default, not a name followed by text', () => {
    expect(check(web('    environment:', '      HOST: $HOSTNAME-fallback')).errors).toEqual([]);
  });

  it('falls back on defaults silently when no secret resolves them', () => {
    expect(check(web('    environment:', '      A: ${A:-one}', '      B: ${B-two}', '      C: "$${literal}"')).errors).toEqual([]);
  });

  it('refuses a $ that starts no variable, as Docker does', () => {
    expect(check(web('    command: echo $(date)')).errors).toEqual([
      {
        message: 'Invalid use of $ in `command` in service web: write $$ for a dollar sign, or ${NAME} for a variable.',
        line: 4,
        column: 14,
        path: 'services.web.command',
      },
    ]);
  });

  it('reports a reference in a shared anchor once, where it is written', () => {
    const result = check(
      yaml(
        'x-hc: &hc',
        '  retries: $RETRIES',
        '  test: ["CMD", "true"]',
        'services:',
        '  a:',
        '    image: redis',
        '    healthcheck: *hc',
        '  b:',
        '    image: nginx',
        '    healthcheck: *hc',
      ),
    );
    expect(result.errors).toEqual([
      { message: '${RETRIES} is not a stored secret: add it under Secrets or write the value.', line: 2, column: 12, path: 'x-hc.retries' },
    ]);
  });

  it('does not substitute inside x-otternauts, which Docker never sees', () => {
    expect(check(web('    x-otternauts:', '      domains: ["${DOMAIN}"]')).errors.map((e) => e.message)).toEqual([
      'Write the domain out in x-otternauts.domains of service web: Otternauts checks domains before deploying, so they cannot come from variables.',
    ]);
  });
});
