import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { fileReferences } from './file-references.js';
import { pointFilesAt } from './point-files.js';
import { yaml } from './testing/validate.js';
import { YAML_PARSE_OPTIONS } from './yaml-source.js';

const read = (text: string) => parse(text, YAML_PARSE_OPTIONS) as Record<string, Record<string, Record<string, unknown>>>;

describe('pointFilesAt', () => {
  it('points every file: and env_file form at the placed files, keeping comments and everything else', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx # pinned later',
      '    env_file: ./web.env',
      '  api:',
      '    image: api',
      '    env_file:',
      '      - common.env # shared',
      '      - path: ./api.env',
      '        required: false',
      'configs:',
      '  nginx:',
      "    file: './nginx.conf' # beside the Compose file",
      '    name: shop_nginx_0123456789',
      'secrets:',
      '  key: {file: keys/site.key, name: shop_key_0123456789}',
    );
    const placed = new Map([
      ['./web.env', '/tmp/otternauts-files.x/0'],
      ['common.env', '/tmp/otternauts-files.x/1'],
      ['./api.env', '/tmp/otternauts-files.x/2'],
      ['./nginx.conf', '/tmp/otternauts-files.x/3'],
      ['keys/site.key', '/tmp/otternauts-files.x/4'],
    ]);
    expect(pointFilesAt(text, placed)).toBe(
      yaml(
        'services:',
        '  web:',
        '    image: nginx # pinned later',
        '    env_file: /tmp/otternauts-files.x/0',
        '  api:',
        '    image: api',
        '    env_file:',
        '      - /tmp/otternauts-files.x/1 # shared',
        '      - path: /tmp/otternauts-files.x/2',
        '        required: false',
        'configs:',
        '  nginx:',
        "    file: '/tmp/otternauts-files.x/3' # beside the Compose file",
        '    name: shop_nginx_0123456789',
        'secrets:',
        '  key: {file: /tmp/otternauts-files.x/4, name: shop_key_0123456789}',
      ),
    );
  });

  it('leaves no reference to a repository path behind', () => {
    const text = yaml(
      'services:',
      '  web: {image: nginx, env_file: [a.env, b.env]}',
      'configs:',
      '  a: {file: a.conf}',
      '  b: {file: a.conf}',
      'secrets:',
      '  c: {file: a.conf}',
    );
    const placed = new Map([
      ['a.env', '/m/0'],
      ['b.env', '/m/1'],
      ['a.conf', '/m/2'],
    ]);
    const out = pointFilesAt(text, placed);
    expect(fileReferences(out).map((r) => r.written)).toEqual(['/m/0', '/m/1', '/m/2', '/m/2', '/m/2']);
  });

  it('changes a path shared through an anchor only where it is read as a file', () => {
    const text = yaml(
      'x-conf: &conf',
      '  file: ./shared.conf',
      'x-env: &envpath ./shared.env',
      'configs:',
      '  one: *conf',
      '  two:',
      '    <<: *conf',
      '    labels: [x]',
      'services:',
      '  web:',
      '    image: nginx',
      '    env_file: *envpath',
      '    environment:',
      '      WHERE: *envpath',
      '  api:',
      '    image: api',
      '    env_file: &apienv [*envpath, {path: *envpath}]',
      '  worker:',
      '    image: worker',
      '    env_file: *apienv',
      '    labels: {own: &own ./own.env}',
      '  cron:',
      '    image: cron',
      '    env_file: *own',
    );
    const out = pointFilesAt(
      text,
      new Map([
        ['./shared.conf', '/m/0'],
        ['./shared.env', '/m/1'],
        ['./own.env', '/m/2'],
      ]),
    );
    const doc = read(out);
    expect(doc['x-conf']).toEqual({ file: './shared.conf' });
    expect(doc['x-env']).toBe('./shared.env');
    expect(doc.configs.one).toEqual({ file: '/m/0' });
    expect(doc.configs.two).toEqual({ file: '/m/0', labels: ['x'] });
    expect(doc.services.web).toEqual({ image: 'nginx', env_file: '/m/1', environment: { WHERE: './shared.env' } });
    expect(doc.services.api.env_file).toEqual(['/m/1', { path: '/m/1' }]);
    expect(doc.services.worker.env_file).toEqual(['/m/1', { path: '/m/1' }]);
    expect(doc.services.worker.labels).toEqual({ own: './own.env' });
    expect(doc.services.cron.env_file).toBe('/m/2');
  });

  it('overrides an env_file merged into a service from a shared definition', () => {
    const text = yaml(
      'x-base: &base',
      '  env_file: [base.env]',
      '  image: nginx',
      'services:',
      '  a:',
      '    <<: *base',
      '  b:',
      '    <<: *base',
      '    env_file: b.env',
    );
    const doc = read(
      pointFilesAt(
        text,
        new Map([
          ['base.env', '/m/0'],
          ['b.env', '/m/1'],
        ]),
      ),
    );
    expect(doc['x-base']).toEqual({ env_file: ['base.env'], image: 'nginx' });
    expect(doc.services.a).toEqual({ env_file: ['/m/0'], image: 'nginx' });
    expect(doc.services.b).toEqual({ env_file: '/m/1', image: 'nginx' });
  });

  it('writes a placed path that needs quoting so it reads back exactly', () => {
    const out = pointFilesAt(yaml('configs:', '  a: {file: a.conf}'), new Map([['a.conf', '/m/a #b: c']]));
    expect(read(out).configs.a.file).toBe('/m/a #b: c');
  });

  it('returns a file that reads no files byte for byte', () => {
    const text = 'services:   # odd spacing\n  web: {image: nginx}\n';
    expect(pointFilesAt(text, new Map())).toBe(text);
  });

  it('refuses to send a path it has no placed file for, or a relative place', () => {
    const text = yaml('configs:', '  a: {file: a.conf}', '  b: {file: b.conf}');
    expect(() => pointFilesAt(text, new Map([['a.conf', '/m/0']]))).toThrow('pointFilesAt has no placed file for configs.b.file (b.conf)');
    expect(() =>
      pointFilesAt(
        text,
        new Map([
          ['a.conf', '/m/0'],
          ['b.conf', 'm/1'],
        ]),
      ),
    ).toThrow('pointFilesAt needs absolute paths on the manager, not m/1');
  });
});
