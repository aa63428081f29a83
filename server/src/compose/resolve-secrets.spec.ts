import { describe, expect, it } from '@jest/globals';
import { resolveSecrets } from './resolve-secrets.js';
import { yaml } from './testing/validate.js';
import { parseSource, type TreeNode } from './yaml-source.js';

function plain(text: string): unknown {
  const toPlain = (node: TreeNode): unknown =>
    node.kind === 'scalar'
      ? node.value
      : node.kind === 'seq'
        ? node.items.map(toPlain)
        : Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
  return toPlain(parseSource(text).root!);
}

describe('resolveSecrets (deploy time)', () => {
  it('puts secret values in place of every reference form, in values only', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: registry.example.com/web:${TAG}',
      '    environment:',
      '      A: ${API_KEY}',
      '      B: prefix-${API_KEY}-suffix',
      '      G: $API_KEY-default', // Docker reads "-default" as the default of an unbraced $API_KEY
      '      C: ${MISSING:-fallback}',
      '      D: ${EMPTY:-soft}',
      '      E: ${EMPTY-hard}',
      '      F: ${API_KEY:?needed}',
      '      ${API_KEY}: key',
    );
    const out = resolveSecrets(
      text,
      new Map([
        ['TAG', '1.2'],
        ['API_KEY', 'k3y'],
        ['EMPTY', ''],
      ]),
    );
    expect(plain(out)).toEqual({
      services: {
        web: {
          image: 'registry.example.com/web:1.2',
          environment: { A: 'k3y', B: 'prefix-k3y-suffix', C: 'fallback', D: 'soft', E: '', F: 'k3y', G: 'k3y', '${API_KEY}': 'key' },
        },
      },
    });
  });

  it('doubles every $ it writes, so that Docker reads the value back unchanged', () => {
    const out = resolveSecrets(
      yaml('services:', '  web:', '    environment:', '      PASSWORD: ${PASSWORD}', '      PRICE: "$$5 ${PASSWORD}"'),
      new Map([['PASSWORD', 'pa$$w0rd$']]),
    );
    expect(plain(out)).toEqual({ services: { web: { environment: { PASSWORD: 'pa$$$$w0rd$$', PRICE: '$$5 pa$$$$w0rd$$' } } } });
  });

  it('keeps text as text where YAML 1.1 would read the value as something else', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    environment:',
      '      A: ${A}',
      '      B: ${B}',
      '      C: ${C}',
      '      D: ${D}',
    );
    const out = resolveSecrets(
      text,
      new Map([
        ['A', 'yes'],
        ['B', '0755'],
        ['C', 'a: b # c'],
        ['D', 'line 1\nline 2'],
      ]),
    );
    expect(plain(out)).toEqual({
      services: { web: { image: 'nginx', environment: { A: 'yes', B: '0755', C: 'a: b # c', D: 'line 1\nline 2' } } },
    });
  });

  it('writes numbers and booleans where Docker casts them, including through a merged template', () => {
    const text = yaml(
      'x-hc: &hc',
      '  retries: ${RETRIES}',
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy:',
      '      replicas: ${REPLICAS}',
      '    read_only: "${RO}"',
      '    healthcheck:',
      '      <<: *hc',
      '      test: ["CMD", "true"]',
      '    environment:',
      '      REPLICAS: ${REPLICAS}',
    );
    const out = resolveSecrets(
      text,
      new Map([
        ['REPLICAS', '3'],
        ['RO', 'yes'],
        ['RETRIES', '5'],
      ]),
    );
    expect(plain(out)).toEqual({
      'x-hc': { retries: 5 },
      services: {
        web: {
          image: 'nginx',
          deploy: { replicas: 3 },
          read_only: true,
          healthcheck: { retries: 5, test: ['CMD', 'true'] },
          environment: { REPLICAS: '3' },
        },
      },
    });
  });

  it('keeps an anchor on a value it fills in, cast for the places that alias it', () => {
    const text = yaml(
      'x-replicas: &replicas "${REPLICAS}" # how many',
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy:',
      '      replicas: *replicas',
    );
    const out = resolveSecrets(text, new Map([['REPLICAS', '2']]));
    expect(out).toBe(
      yaml('x-replicas: &replicas 2 # how many', 'services:', '  web:', '    image: nginx', '    deploy:', '      replicas: *replicas'),
    );
  });

  it('names the variable, never the value, when a value does not fit where Docker casts it', () => {
    const text = yaml('services:', '  web:', '    image: nginx', '    deploy:', '      replicas: ${REPLICAS}');
    expect(() => resolveSecrets(text, new Map([['REPLICAS', 'many-s3cret']]))).toThrow(
      new Error('${REPLICAS} at services.web.deploy.replicas must give a whole number.'),
    );
  });

  it('throws naming the variable, never a value, when a reference has no value', () => {
    const text = yaml('services:', '  web:', '    image: nginx', '    environment:', '      A: ${KNOWN}', '      B: ${UNKNOWN:?set it}');
    let message = '';
    try {
      resolveSecrets(text, new Map([['KNOWN', 'v4lue']]));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('${UNKNOWN} at services.web.environment.B has no value: store it under Secrets.');
    expect(message).not.toContain('v4lue');
  });

  it('returns the text unchanged when it has no references', () => {
    const text = 'services:\n  web:\n    image:   nginx # keep\n    command: echo $$HOME\n';
    expect(resolveSecrets(text, new Map([['HOME', '/root']]))).toBe(text);
  });

  it('keeps comments and layout around the values it fills in', () => {
    const text = yaml('services:', '  web:', '    # the app', '    image: nginx', '    environment:', '      - TOKEN=${TOKEN} # secret');
    expect(resolveSecrets(text, new Map([['TOKEN', 'abc']]))).toBe(
      yaml('services:', '  web:', '    # the app', '    image: nginx', '    environment:', '      - TOKEN=abc # secret'),
    );
  });

  it('collects the stored values the file took, by name, and no default or unused secret', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: registry.example.com/web:${TAG}',
      '    environment:',
      '      A: ${MISSING:-fallback}',
      '      B: ${EMPTY:-soft}',
      '      C: x${TAG}y',
    );
    const used = new Map<string, string>();
    resolveSecrets(
      text,
      new Map([
        ['TAG', '1.2-rc'],
        ['EMPTY', ''],
        ['UNUSED', 'other'],
      ]),
      used,
    );
    expect([...used]).toEqual([['TAG', '1.2-rc']]);
  });
});
