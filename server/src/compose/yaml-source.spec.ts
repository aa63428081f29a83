import { describe, expect, it } from '@jest/globals';
import { LineCounter, parseDocument } from 'yaml';
import { yaml } from './testing/validate.js';
import { MAX_EXPANDED_VALUES, MAX_NESTING, parseSource, YAML_PARSE_OPTIONS, type TreeMap, type TreeNode } from './yaml-source.js';

function valueAt(node: TreeNode | null, ...path: Array<string | number>): unknown {
  let current: TreeNode | undefined = node ?? undefined;
  for (const step of path) {
    if (current?.kind === 'map') current = current.byKey.get(String(step))?.value;
    else if (current?.kind === 'seq') current = current.items[Number(step)];
    else current = undefined;
  }
  return current?.kind === 'scalar' ? current.value : current;
}

describe('parseSource reads YAML as go-yaml v2 (docker/cli) does', () => {
  it('follows YAML 1.1 for booleans and octal numbers, but keeps 80:80, timestamps and "." as text', () => {
    const { root, errors } = parseSource(
      yaml('a: yes', 'b: off', 'c: 0755', 'd: 80:80', 'e: 2001-12-14', 'f: .', 'g: 1.5', 'h: .5', 'i: .inf'),
    );
    expect(errors).toEqual([]);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k) => valueAt(root, k))).toEqual([
      true,
      false,
      493,
      '80:80',
      '2001-12-14',
      '.',
      1.5,
      0.5,
      Infinity,
    ]);
  });

  it('resolves aliases and << merges, keys written in the mapping winning, earlier merge sources winning', () => {
    const { root, errors } = parseSource(
      yaml(
        'x-a: &a {image: a, restart: always}',
        'x-b: &b {image: b, user: bob}',
        'services:',
        '  web:',
        '    <<: [*a, *b]',
        '    restart: "no"',
        '  api: *a',
      ),
    );
    expect(errors).toEqual([]);
    expect(valueAt(root, 'services', 'web', 'image')).toBe('a');
    expect(valueAt(root, 'services', 'web', 'user')).toBe('bob');
    expect(valueAt(root, 'services', 'web', 'restart')).toBe('no');
    expect(valueAt(root, 'services', 'api', 'restart')).toBe('always');
  });

  it('keeps the position where merged values are written', () => {
    const { root } = parseSource(yaml('x-a: &a', '  restart: always', 'services:', '  web:', '    <<: *a'));
    const web = ((root as TreeMap).byKey.get('services')!.value as TreeMap).byKey.get('web')!.value as TreeMap;
    expect(web.byKey.get('restart')!.keyPos).toEqual({ line: 2, column: 3 });
  });

  it('reports a duplicate key at the second one', () => {
    const { root, errors } = parseSource(yaml('services:', '  web:', '    image: a', '    image: b'));
    expect(root).toBeNull();
    expect(errors).toEqual([{ message: 'Duplicate key `image`: a key can appear only once in a mapping.', line: 4, column: 5, path: '' }]);
  });

  it('reports a syntax error where the parser found it', () => {
    const { errors } = parseSource(yaml('services:', '  web:', '    image: [a', 'x: 1'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/^YAML syntax error: /);
    expect(errors[0].line).toBe(4);
  });

  it('refuses keys that YAML 1.1 reads as something other than text, as docker/cli does', () => {
    const { errors } = parseSource(yaml('services:', '  web:', '    environment:', '      on: 1'));
    expect(errors).toEqual([
      {
        message:
          'The key `on` is read as the boolean true (stack files follow YAML 1.1), and keys must be text: put it in quotes, like "on".',
        line: 4,
        column: 7,
        path: '',
      },
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(parseSource('').errors).toEqual([
      { message: 'The file is empty: a stack needs at least a `services` section.', line: 1, column: 1, path: '' },
    ]);
    expect(parseSource('- a\n').errors).toEqual([
      { message: 'The file must be a mapping of keys such as `services:` at the top level.', line: 1, column: 1, path: '' },
    ]);
  });

  it('refuses more than one document', () => {
    expect(parseSource('a: 1\n---\nb: 2\n').errors[0].message).toBe(
      'The file holds more than one YAML document (separated by ---): paste a single stack file.',
    );
  });

  it('stops a file whose aliases expand it beyond reason', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 6; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const { root, errors } = parseSource(yaml(...lines));
    expect(root).toBeNull();
    expect(errors[0].message).toBe('The aliases in this file expand it to more than 100000 values, more than a stack file needs.');
  });

  it('refuses a merge of something that is not a mapping', () => {
    const { errors } = parseSource(yaml('x: &x [1]', 'z:', '  <<: *x'));
    expect(errors).toEqual([
      { message: '`<<` merges mappings: follow it with an alias to a mapping, or a list of them.', line: 3, column: 3, path: '' },
    ]);
  });
});

/** Where the yaml library's own (quadratic) duplicate-key check reports, as line:column. */
function libraryDuplicates(text: string): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_PARSE_OPTIONS, uniqueKeys: true, lineCounter });
  return doc.errors
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => lineCounter.linePos(e.pos[0]))
    .map(({ line, col }) => `${line}:${col}`);
}

function reportedDuplicates(text: string): string[] {
  return parseSource(text)
    .errors.filter((e) => e.message.startsWith('Duplicate key'))
    .map((e) => `${e.line}:${e.column}`);
}

describe('parseSource finds duplicate keys in one pass', () => {
  it.each([
    ['a quoted repeat of a plain key', yaml('a: 1', '"a": 2'), 1],
    ['YAML 1.1 booleans spelled two ways', yaml('yes: 1', 'true: 2'), 1],
    ['a number and its text, which differ', yaml('1: a', '"1": b'), 0],
    ['a flow mapping', yaml('x: {a: 1, b: 2, a: 3}'), 1],
    ['a key behind a tag and an anchor', yaml('a: 1', '!!str a: 2', '&k a: 3'), 2],
    ['two empty keys and two nulls', yaml(': 1', ': 2', 'm:', '  ~: 1', '  null: 2'), 2],
    ['NaN, which equals nothing', yaml('.nan: 1', '.nan: 2'), 0],
    ['two << merges, which are not compared', yaml('x: &x {a: 1}', 'y:', '  <<: *x', '  <<: {b: 2}'), 0],
    [
      'repeats in nested mappings and lists',
      yaml('s:', '  w:', '    e:', '      K: 1', '      K: 2', '    e: 3', 'l:', '  - {a: 1, a: 2}', '  - b: 1', '    b: 2', 's: 4'),
      5,
    ],
  ])('reports %s where the yaml library itself would', (_, text, count) => {
    expect(libraryDuplicates(text)).toHaveLength(count);
    expect(reportedDuplicates(text)).toEqual(libraryDuplicates(text));
  });

  it('finds nothing where the library finds nothing', () => {
    expect(libraryDuplicates(yaml('a: 1', 'b: {a: 1}', 'c: [a, a]'))).toEqual([]);
    expect(reportedDuplicates(yaml('a: 1', 'b: {a: 1}', 'c: [a, a]'))).toEqual([]);
  });

  it('names each repeated key at its line and column in a mapping of 20000 keys', () => {
    const lines = ['services:', '  web:', '    image: nginx', '    environment:'];
    for (let i = 0; i < 20_000; i++) lines.push(`      KEY_${i}: v`);
    lines.splice(5000, 0, '      KEY_17: again');
    lines.push('      "KEY_19999": last', '    image: twice');
    const { root, errors } = parseSource(yaml(...lines));
    expect(root).toBeNull();
    expect(errors).toEqual([
      { message: 'Duplicate key `KEY_17`: a key can appear only once in a mapping.', line: 5001, column: 7, path: '' },
      { message: 'Duplicate key `"KEY_19999"`: a key can appear only once in a mapping.', line: 20_006, column: 7, path: '' },
      { message: 'Duplicate key `image`: a key can appear only once in a mapping.', line: 20_007, column: 5, path: '' },
    ]);
  });
});

describe('parseSource bounds what a hostile file costs', () => {
  const TOO_DEEP = `The file nests lists and mappings more than ${MAX_NESTING} levels deep, more than a stack file needs.`;

  it('refuses a "billion laughs" file (nine levels of nine aliases) by what it would expand to', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    lines.push('services:', '  web:', '    image: nginx', '    command: *a9');
    const { root, errors } = parseSource(yaml(...lines));
    expect(root).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(
      `The aliases in this file expand it to more than ${MAX_EXPANDED_VALUES} values, more than a stack file needs.`,
    );
  });

  it('refuses merges that multiply mappings through aliases', () => {
    const lines = ['x0: &x0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}'];
    for (let i = 1; i <= 8; i++) lines.push(`x${i}: &x${i} {${Array.from({ length: 8 }, (_, k) => `k${k}: *x${i - 1}`).join(', ')}}`);
    expect(parseSource(yaml(...lines, 'services: {web: {image: nginx, labels: *x8}}')).errors[0].message).toMatch(
      /^The aliases in this file expand it/,
    );
  });

  it('says a file is too big, not that its aliases are, when it has none', () => {
    const { errors } = parseSource(
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        `    command: [${Array(MAX_EXPANDED_VALUES + 1)
          .fill('a')
          .join(',')}]`,
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([`The file holds more than ${MAX_EXPANDED_VALUES} values, more than a stack file needs.`]);
  });

  it.each([
    ['a little too deep', MAX_NESTING],
    ['deep enough to overflow the parser', 20_000],
  ])('refuses flow lists nested %s, with one message', (_, depth) => {
    const { root, errors } = parseSource(
      yaml('services:', '  web:', '    image: nginx', `    command: ${'['.repeat(depth)}${']'.repeat(depth)}`),
    );
    expect(root).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: TOO_DEEP, line: 4 });
  });

  it('refuses block mappings nested too deep', () => {
    const lines = ['services:', '  web:', '    image: nginx', '    labels:'];
    for (let i = 0; i < 200; i++) lines.push(`${' '.repeat(6 + i)}k${i}:`);
    expect(parseSource(yaml(...lines)).errors.map((e) => e.message)).toEqual([TOO_DEEP]);
  });

  it('counts the depth aliases add, though each anchor alone is shallow', () => {
    const lines = ['a0: &a0 [[[[[[[[[[x]]]]]]]]]]'];
    for (let i = 1; i <= 7; i++) lines.push(`a${i}: &a${i} [[[[[[[[[[*a${i - 1}]]]]]]]]]]`);
    expect(parseSource(yaml(...lines, 'services: {web: {image: nginx}}')).errors.map((e) => e.message)).toEqual([TOO_DEEP]);
    expect(parseSource(yaml(...lines.slice(0, 5), 'services: {web: {image: nginx}}')).errors).toEqual([]);
  });

  it('reads a file nested as deep as the limit allows', () => {
    const depth = MAX_NESTING - 4; // root, services, web and command hold the list
    const { errors } = parseSource(
      yaml('services:', '  web:', '    image: nginx', `    command: ${'['.repeat(depth)}${']'.repeat(depth)}`),
    );
    expect(errors).toEqual([]);
  });
});
