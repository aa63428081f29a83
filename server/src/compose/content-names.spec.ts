import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { defaultName, MAX_OBJECT_NAME_LENGTH, nameFilesByContent, namesInUse } from './content-names.js';
import { check, yaml } from './testing/validate.js';
import { YAML_PARSE_OPTIONS } from './yaml-source.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);
const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]));
/** What Swarm accepts as a config or secret name (swarmkit's isValidConfigOrSecretName and its length check). */
const swarmAccepts = (name: string) => name.length <= 64 && /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/.test(name);

describe('nameFilesByContent', () => {
  it('names each file-backed config and secret <stack>_<key>_<hash>, keeping comments and quoting', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: "nginx:1.27" # pinned',
      '    env_file: ./web.env',
      'configs:',
      '  # the site',
      '  nginx:',
      "    file: './nginx.conf' # beside the Compose file",
      '  remote:',
      '    external: true',
      'secrets:',
      '  key:',
      '    file: keys/site.key',
    );
    const out = nameFilesByContent(text, 'shop', files({ './nginx.conf': 'server {}', 'keys/site.key': 'k', './web.env': 'A=1' }));
    expect(out).toBe(
      yaml(
        'services:',
        '  web:',
        '    image: "nginx:1.27" # pinned',
        '    env_file: ./web.env',
        'configs:',
        '  # the site',
        '  nginx:',
        "    file: './nginx.conf' # beside the Compose file",
        `    name: shop_nginx_${hash('server {}')}`,
        '  remote:',
        '    external: true',
        'secrets:',
        '  key:',
        '    file: keys/site.key',
        `    name: shop_key_${hash('k')}`,
      ),
    );
  });

  it('gives a changed file a new name and an unchanged one the same name', () => {
    const text = yaml('configs:', '  a: {file: a.conf}', '  b: {file: b.conf}');
    const one = parse(nameFilesByContent(text, 's', files({ 'a.conf': 'v1', 'b.conf': 'same' }))) as {
      configs: Record<string, { name: string }>;
    };
    const two = parse(nameFilesByContent(text, 's', files({ 'a.conf': 'v2', 'b.conf': 'same' }))) as {
      configs: Record<string, { name: string }>;
    };
    expect(one.configs.a.name).not.toBe(two.configs.a.name);
    expect(one.configs.b.name).toBe(two.configs.b.name);
    expect(one.configs.b.name).toBe(`s_b_${hash('same')}`);
  });

  it('hashes the bytes, so binary content and encodings count', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe]);
    const out = nameFilesByContent(yaml('secrets:', '  cert: {file: cert.der}'), 's', new Map([['cert.der', bytes]]));
    expect(out).toContain(`name: s_cert_${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}`);
  });

  it("appends the hash to a name the user chose, since Swarm cannot change that object's data in place", () => {
    const text = yaml(
      'configs:',
      '  site:',
      '    file: ./site.conf',
      '    name: "my-site" # ours',
      '  env:',
      '    file: e',
      '    name: ${PREFIX}_env',
    );
    expect(nameFilesByContent(text, 'shop', files({ './site.conf': 'x', e: 'y' }))).toBe(
      yaml(
        'configs:',
        '  site:',
        '    file: ./site.conf',
        `    name: "my-site_${hash('x')}" # ours`,
        '  env:',
        '    file: e',
        `    name: \${PREFIX}_env_${hash('y')}`,
      ),
    );
  });

  it('changes nothing when run again on its own output', () => {
    const text = yaml('configs:', '  site: {file: ./site.conf}', '  own: {file: ./site.conf, name: mine}');
    const contents = files({ './site.conf': 'x' });
    const once = nameFilesByContent(text, 'shop', contents);
    expect(nameFilesByContent(once, 'shop', contents)).toBe(once);
  });

  it('raises a version older than 3.5, the first whose configs and secrets take name:', () => {
    const text = yaml("version: '3.3' # old", 'services:', '  web: {image: nginx}', 'configs:', '  a: {file: a.conf}');
    const out = nameFilesByContent(text, 's', files({ 'a.conf': 'A' }));
    expect(out.split('\n')[0]).toBe("version: '3.5' # old");
    expect(check(out, { files: 'repository' })).toMatchObject({ errors: [], warnings: [] });
    // and leaves newer versions, and files without file-backed objects, alone
    const newer = yaml('version: "3.8"', 'configs:', '  a: {file: a.conf}');
    expect(nameFilesByContent(newer, 's', files({ 'a.conf': 'A' })).split('\n')[0]).toBe('version: "3.8"');
    const none = yaml('version: "3.3"', 'services:', '  web: {image: nginx, env_file: a.env}');
    expect(nameFilesByContent(none, 's', files({}))).toBe(none);
  });

  it('returns a file without file-backed objects byte for byte', () => {
    const text = 'services:   # odd spacing\n  web: {image: nginx, env_file: [a.env]}\nconfigs:\n  x: {external: true}\n';
    expect(nameFilesByContent(text, 'shop', new Map())).toBe(text);
  });

  it('refuses to guess when a file has no content', () => {
    expect(() => nameFilesByContent(yaml('configs:', '  a: {file: a.conf}'), 's', new Map())).toThrow(
      'nameFilesByContent has no content for configs.a.file (a.conf)',
    );
  });

  it('names each object at its own place when definitions are shared through anchors and merges', () => {
    const text = yaml(
      'x-conf: &conf',
      '  file: ./shared.conf',
      'configs:',
      '  one: *conf',
      '  two:',
      '    <<: *conf',
      '    labels: [x]',
      '  three: &three',
      '    file: ./three.conf',
      '  four: *three',
      'services:',
      '  web:',
      '    image: nginx',
      '    configs: [one, two, three, four]',
    );
    const out = nameFilesByContent(text, 'app', files({ './shared.conf': 'S', './three.conf': 'T' }));
    const doc = parse(out, YAML_PARSE_OPTIONS) as Record<string, Record<string, { name?: string; file: string }>>;
    expect(doc['x-conf']).toEqual({ file: './shared.conf' });
    expect(doc.configs.one).toEqual({ file: './shared.conf', name: `app_one_${hash('S')}` });
    expect(doc.configs.two).toMatchObject({ file: './shared.conf', name: `app_two_${hash('S')}` });
    expect(doc.configs.three).toEqual({ file: './three.conf', name: `app_three_${hash('T')}` });
    expect(doc.configs.four).toEqual({ file: './three.conf', name: `app_four_${hash('T')}` });
    // and the result still validates as a stack from a repository
    expect(check(out, { files: 'repository' }).errors).toEqual([]);
  });

  it('names a config merged in whole from an anchor on its own key', () => {
    const text = yaml('x-all: &all', '  merged: {file: m.conf}', 'configs:', '  <<: *all', '  plain: {file: p.conf}');
    const doc = parse(nameFilesByContent(text, 's', files({ 'm.conf': 'M', 'p.conf': 'P' })), YAML_PARSE_OPTIONS) as Record<
      string,
      Record<string, { name?: string }>
    >;
    expect(doc.configs.merged.name).toBe(`s_merged_${hash('M')}`);
    expect(doc.configs.plain.name).toBe(`s_plain_${hash('P')}`);
    expect(doc['x-all'].merged.name).toBeUndefined();
  });
});

describe('defaultName keeps within what Swarm accepts', () => {
  const h = '0123456789';

  it('uses the key as it is when it fits', () => {
    expect(defaultName('shop', 'nginx.conf', h)).toBe('shop_nginx.conf_0123456789');
  });

  it('shortens a long key deterministically, with a tag of the whole key so long keys stay apart', () => {
    const a = defaultName('shop', 'k'.repeat(80) + 'a', h);
    const b = defaultName('shop', 'k'.repeat(80) + 'b', h);
    expect(a).toHaveLength(MAX_OBJECT_NAME_LENGTH);
    expect(a).toBe(defaultName('shop', 'k'.repeat(80) + 'a', h));
    expect(a).not.toBe(b);
    expect(a.startsWith('shop_kkkk')).toBe(true);
    expect(a.endsWith('_0123456789')).toBe(true);
    expect(swarmAccepts(a)).toBe(true);
  });

  it('shortens the stack part last, next to the longest stack name', () => {
    const name = defaultName('s'.repeat(63), 'nginx', h);
    expect(name).toHaveLength(MAX_OBJECT_NAME_LENGTH);
    expect(name).toMatch(/^s{42}_nginx-[0-9a-f]{4}_0123456789$/);
    expect(swarmAccepts(name)).toBe(true);
  });

  it('replaces characters Swarm refuses in a key, and tags it so "café" and "caf-" differ', () => {
    const cafe = defaultName('shop', 'café', h);
    expect(cafe).toMatch(/^shop_caf--[0-9a-f]{4}_0123456789$/);
    expect(swarmAccepts(cafe)).toBe(true);
    expect(defaultName('shop', 'caf-', h)).toBe('shop_caf-_0123456789');
    expect(swarmAccepts(defaultName('shop', 'a key/with:odd😀chars', h))).toBe(true);
  });

  it('gives names Swarm accepts for every key length with every stack length', () => {
    for (const stack of ['a', 'shop', 's'.repeat(30), 's'.repeat(63)]) {
      for (let n = 1; n <= 90; n += 7) expect(swarmAccepts(defaultName(stack, 'x'.repeat(n), h))).toBe(true);
    }
  });

  it('keeps a long user name within 64 characters with its hash', () => {
    const out = nameFilesByContent(yaml('configs:', `  a: {file: a, name: ${'n'.repeat(70)}}`), 's', files({ a: 'A' }));
    const name = (parse(out) as { configs: { a: { name: string } } }).configs.a.name;
    expect(name).toBe(`${'n'.repeat(53)}_${hash('A')}`);
  });
});

describe('namesInUse', () => {
  it('lists the names Docker gives the configs and secrets of the file', () => {
    const text = yaml(
      'configs:',
      '  site: {file: ./site.conf, name: shop_site_0123456789}',
      '  plain: {file: ./p.conf}',
      '  ext: {external: true}',
      '  extnamed: {external: true, name: shared-conf}',
      '  legacy: {external: {name: old-conf}}',
      'secrets:',
      '  key: {file: k, name: "cost$$ly"}',
      '  driver: {driver: vault}',
    );
    expect(namesInUse(text, 'shop')).toEqual({
      configs: ['ext', 'old-conf', 'shared-conf', 'shop_plain', 'shop_site_0123456789'].sort(),
      secrets: ['cost$ly', 'shop_driver'],
    });
  });

  it('lists nothing for a file without configs or secrets, and names merged objects once', () => {
    expect(namesInUse(yaml('services:', '  web: {image: nginx}'), 'shop')).toEqual({ configs: [], secrets: [] });
    const merged = yaml('x-c: &c {file: a, name: same}', 'configs:', '  a: *c', '  b: *c');
    expect(namesInUse(merged, 'shop')).toEqual({ configs: ['same'], secrets: [] });
  });
});

type Schema = { definitions?: Record<string, unknown> } & Record<string, unknown>;
const loadSchema = async (version: string) =>
  (await import(`./schemas/config_schema_v${version}.json`, { with: { type: 'json' } })).default as Schema;

/** Every key path a schema describes ("services.*.deploy.resources.limits.cpus"), through its $refs. */
function keyPaths(schema: Schema): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === 'string') {
      const name = n.$ref.split('/').pop()!;
      if (seen.has(`${name}@${at}`)) return;
      seen.add(`${name}@${at}`);
      walk(schema.definitions?.[name], at);
      return;
    }
    for (const group of ['properties', 'patternProperties'] as const) {
      for (const [key, value] of Object.entries((n[group] as Record<string, unknown> | undefined) ?? {})) {
        out.add(`${at}.${key}`);
        walk(value, `${at}.${key}`);
      }
    }
    for (const group of ['oneOf', 'anyOf', 'allOf'] as const) for (const v of (n[group] as unknown[] | undefined) ?? []) walk(v, at);
    if (n.items) walk(n.items, `${at}[]`);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${at}.*`);
  };
  walk(schema, '');
  return out;
}

describe('the schemas this relies on', () => {
  it('3.5 describes every key of 3.0 to 3.4, so raising an old version to 3.5 refuses nothing it took', async () => {
    const v35 = keyPaths(await loadSchema('3.5'));
    expect(v35.has('.configs..*.name') || [...v35].some((p) => /^\.configs\..+\.name$/.test(p))).toBe(true);
    expect(v35.size).toBeGreaterThan(150);
    for (const version of ['3.0', '3.1', '3.2', '3.3', '3.4']) {
      const missing = [...keyPaths(await loadSchema(version))].filter((p) => !v35.has(p));
      expect([version, missing]).toEqual([version, []]);
    }
  });

  it('take name: on configs and secrets from 3.5, and content: in none', async () => {
    const props = async (version: string) => {
      const schema = (await import(`./schemas/config_schema_v${version}.json`, { with: { type: 'json' } })).default as {
        definitions: Record<string, { properties?: Record<string, unknown> }>;
      };
      return {
        config: Object.keys(schema.definitions.config?.properties ?? {}),
        secret: Object.keys(schema.definitions.secret?.properties ?? {}),
      };
    };
    expect((await props('3.4')).config).not.toContain('name');
    expect((await props('3.5')).config).toContain('name');
    expect((await props('3.5')).secret).toContain('name');
    for (const version of ['3.3', '3.8', '3.13']) expect((await props(version)).config).not.toContain('content');
  });
});
