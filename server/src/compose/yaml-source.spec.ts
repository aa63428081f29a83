import { describe, expect, it } from '@jest/globals';
import { yaml } from './testing/validate.js';
import { parseSource, type TreeMap, type TreeNode } from './yaml-source.js';

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
    const { root, errors } = parseSource(yaml('a: yes', 'b: off', 'c: 0755', 'd: 80:80', 'e: 2001-12-14', 'f: .', 'g: 1.5', 'h: .5', 'i: .inf'));
    expect(errors).toEqual([]);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k) => valueAt(root, k))).toEqual([true, false, 493, '80:80', '2001-12-14', '.', 1.5, 0.5, Infinity]);
  });

  it('resolves aliases and << merges, keys written in the mapping winning, earlier merge sources winning', () => {
    const { root, errors } = parseSource(
      yaml('x-a: &a {image: a, restart: always}', 'x-b: &b {image: b, user: bob}', 'services:', '  web:', '    <<: [*a, *b]', '    restart: "no"', '  api: *a'),
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
      { message: 'The key `on` is read as the boolean true (stack files follow YAML 1.1), and keys must be text: put it in quotes, like "on".', line: 4, column: 7, path: '' },
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(parseSource('').errors).toEqual([{ message: 'The file is empty: a stack needs at least a `services` section.', line: 1, column: 1, path: '' }]);
    expect(parseSource('- a\n').errors).toEqual([{ message: 'The file must be a mapping of keys such as `services:` at the top level.', line: 1, column: 1, path: '' }]);
  });

  it('refuses more than one document', () => {
    expect(parseSource('a: 1\n---\nb: 2\n').errors[0].message).toBe('The file holds more than one YAML document (separated by ---): paste a single stack file.');
  });

  it('stops a file whose aliases expand it beyond reason', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 6; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const { root, errors } = parseSource(yaml(...lines));
    expect(root).toBeNull();
    expect(errors[0].message).toBe('The aliases in this file expand it to more than 100000 values, more than a stack file needs.');
  });

  it('refuses a merge of something that is not a mapping', () => {
    const { errors } = parseSource(yaml('x: &x [1]', 'z:', '  <<: *x'));
    expect(errors).toEqual([{ message: '`<<` merges mappings: follow it with an alias to a mapping, or a list of them.', line: 3, column: 3, path: '' }]);
  });
});
