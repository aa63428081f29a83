import { describe, expect, it } from '@jest/globals';
import { fileReferences } from './file-references.js';
import { yaml } from './testing/validate.js';
import { parseSource } from './yaml-source.js';

describe('fileReferences', () => {
  it('finds config and secret files and every form of env_file, with the line and column of the path', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    env_file: ./web.env',
      '  api:',
      '    image: api',
      '    env_file:',
      '      - common.env',
      '      - path: ./api.env',
      '        required: false',
      '  worker:',
      '    image: worker',
      '    env_file: [a.env, {path: "b.env"}]',
      'configs:',
      '  nginx:',
      '    file: ./nginx.conf',
      '  remote:',
      '    external: true',
      'secrets:',
      '  key:',
      "    file: 'keys/site.key'",
    );
    expect(fileReferences(text)).toEqual([
      { kind: 'env_file', key: 'web', written: './web.env', line: 4, column: 15, path: 'services.web.env_file' },
      { kind: 'env_file', key: 'api', written: 'common.env', line: 8, column: 9, path: 'services.api.env_file[0]' },
      { kind: 'env_file', key: 'api', written: './api.env', line: 9, column: 15, path: 'services.api.env_file[1].path' },
      { kind: 'env_file', key: 'worker', written: 'a.env', line: 13, column: 16, path: 'services.worker.env_file[0]' },
      { kind: 'env_file', key: 'worker', written: 'b.env', line: 13, column: 30, path: 'services.worker.env_file[1].path' },
      { kind: 'config', key: 'nginx', written: './nginx.conf', line: 16, column: 11, path: 'configs.nginx.file' },
      { kind: 'secret', key: 'key', written: 'keys/site.key', line: 21, column: 11, path: 'secrets.key.file' },
    ]);
  });

  it('counts columns in characters, so a path after non-ASCII text is placed right', () => {
    const text = yaml('configs:', '  "café": {file: ./café.conf}', 'services:', '  s:', '    image: x');
    expect(fileReferences(text)).toEqual([
      { kind: 'config', key: 'café', written: './café.conf', line: 2, column: 18, path: 'configs.café.file' },
    ]);
    // 17 characters precede the path, though "é" takes two bytes in UTF-8
    expect(Buffer.byteLength('  "café": {file: ')).toBe(18);
  });

  it('keeps the path as written: escapes, ${VAR}s and odd paths are for the caller to judge', () => {
    const text = yaml(
      'configs:',
      '  a: {file: ../../etc/passwd}',
      '  b: {file: /etc/passwd}',
      '  c: {file: "${CONF_DIR}/c.conf"}',
      '  d: {file: "tab\\there"}',
    );
    expect(fileReferences(text).map((r) => r.written)).toEqual(['../../etc/passwd', '/etc/passwd', '${CONF_DIR}/c.conf', 'tab\there']);
  });

  it('follows anchors, aliases and merge keys, placing a path where its text is written', () => {
    const text = yaml(
      'x-conf: &conf',
      '  file: ./shared.conf',
      'x-path: &envpath ./shared.env',
      'configs:',
      '  one: *conf',
      '  two:',
      '    <<: *conf',
      '    labels: [x]',
      '  three:',
      '    <<: *conf',
      '    file: ./own.conf',
      'services:',
      '  web:',
      '    image: nginx',
      '    env_file: *envpath',
      '  api:',
      '    image: api',
      '    env_file: [*envpath, {path: *envpath}]',
    );
    expect(fileReferences(text).map((r) => [r.path, r.written, r.line, r.column])).toEqual([
      ['configs.one.file', './shared.conf', 2, 9],
      ['configs.two.file', './shared.conf', 2, 9],
      ['services.web.env_file', './shared.env', 3, 18],
      ['services.api.env_file[0]', './shared.env', 3, 18],
      ['services.api.env_file[1].path', './shared.env', 3, 18],
      ['configs.three.file', './own.conf', 11, 11],
    ]);
  });

  it('ignores what reads no file: external objects, empty or non-text values, x- sections, service-level configs', () => {
    const text = yaml(
      'x-files:',
      '  file: ./ignored.conf',
      'configs:',
      '  a: {external: true}',
      '  b: {file: }',
      '  c: {file: 12}',
      '  d: not-a-map',
      'services:',
      '  web:',
      '    image: nginx',
      '    configs: [{source: a, target: /file}]',
      '    env_file: [{required: false}, [nested.env], 7]',
    );
    expect(fileReferences(text)).toEqual([]);
  });

  it('takes keys that mean something to JavaScript as plain keys', () => {
    const text = yaml(
      'configs:',
      '  __proto__: {file: a.conf}',
      '  constructor: {file: b.conf}',
      'services:',
      '  hasOwnProperty: {image: x, env_file: c.env}',
    );
    expect(fileReferences(text).map((r) => [r.kind, r.key, r.written])).toEqual([
      ['config', '__proto__', 'a.conf'],
      ['config', 'constructor', 'b.conf'],
      ['env_file', 'hasOwnProperty', 'c.env'],
    ]);
  });

  it('finds nothing in a file whose aliases would expand it enormously', () => {
    const lines = ['x-a: &a [file, file, file, file, file, file, file, file, file, file]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `x-${i}: &a${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*a${i - 1}`)
          .join(', ')}]`,
      );
    lines.push('configs:', '  c: {file: *a11}');
    // parseSource stops at MAX_EXPANDED_VALUES, so this never walks the 10^12 values
    expect(fileReferences(yaml(...lines))).toEqual([]);
    expect(parseSource(yaml(...lines)).errors[0].message).toMatch(/^The aliases in this file expand it to more than/);
  });

  it('finds nothing in text that is not a stack file', () => {
    expect(fileReferences('')).toEqual([]);
    expect(fileReferences('configs: [a\n')).toEqual([]);
    expect(fileReferences('- just\n- a list\n')).toEqual([]);
    expect(fileReferences('a: &a [*a]\n')).toEqual([]);
  });
});
