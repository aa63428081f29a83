import { describe, expect, it } from '@jest/globals';
import { isMap, parseDocument } from 'yaml';
import { resolveSecrets } from './resolve-secrets.js';
import { validateStack } from './validate-stack.js';
import { readCorpusFile, readOracle, stackNameFor } from './testing/corpus.js';
import type { PathSegment } from './document-path.js';
import { castKindAt } from './type-casts.js';
import { parseTemplate, references } from './variable-template.js';
import { parseSource, YAML_PARSE_OPTIONS, type TreeNode } from './yaml-source.js';

/** Every string value of a file with its path, aliases and merges resolved. */
function strings(text: string): Array<{ value: string; path: PathSegment[] }> {
  const out: Array<{ value: string; path: PathSegment[] }> = [];
  const walk = (node: TreeNode, path: PathSegment[]) => {
    if (node.kind === 'map') node.entries.forEach((e) => walk(e.value, [...path, e.key]));
    else if (node.kind === 'seq') node.items.forEach((item, i) => walk(item, [...path, i]));
    else if (typeof node.value === 'string') out.push({ value: node.value, path });
  };
  walk(parseSource(text).root!, []);
  return out;
}

function referencesIn(value: string): string[] {
  const template = parseTemplate(value);
  return template.valid ? references(template.parts).map((r) => r.name) : ['(invalid $)'];
}

/**
 * A made-up secret value per variable, with a `$` in it where text is expected (an absolute
 * path, since some variables name host folders) and a number or boolean where Docker casts.
 */
function secretValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const { value, path } of strings(text)) {
    const cast = castKindAt(path);
    for (const name of referencesIn(value)) {
      if (cast) values.set(name, cast === 'bool' ? 'true' : '3');
      else if (!values.has(name)) values.set(name, `/v$${name}`);
    }
  }
  return values;
}

/** The file with x-otternauts added to its first service written as a mapping. */
function withDomain(text: string, domain: string): { text: string; service: string } {
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  const services = doc.get('services');
  if (!isMap(services)) throw new Error('no services mapping');
  const pair = services.items.find((p) => isMap(p.value))!;
  const service = String((pair.key as { value: unknown }).value);
  (pair.value as { set(key: string, value: unknown): void }).set('x-otternauts', doc.createNode({ domains: [domain], port: 8080 }));
  return { text: doc.toString({ lineWidth: 0 }), service };
}

const cases = readOracle().flatMap(({ file }, index) => {
  const text = readCorpusFile(file);
  const values = secretValues(text);
  const ctx = { secretNames: new Set(values.keys()), domainsInUse: new Map<string, string>() };
  // Files refused for reasons no stored secret can fix are not renderable.
  return validateStack(stackNameFor(file), text, ctx).valid ? [{ file, text, values, ctx, domain: `s${index}.example.com` }] : [];
});

describe('rendering corpus stacks with a domain', () => {
  it('has files to work with, among them files that need stored secrets', () => {
    expect(cases.length).toBe(35); // the two dogvscat menu stacks: build next to image is only a warning
    expect(cases.filter((c) => c.values.size > 0)).toHaveLength(14);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s: the rendered file validates again and resolves completely', (file, c) => {
    const stack = stackNameFor(file);
    const edited = withDomain(c.text, c.domain);
    const first = validateStack(stack, edited.text, c.ctx);
    expect(first.errors).toEqual([]);
    expect(first.services.find((s) => s.name === edited.service)?.domains).toEqual([c.domain]);
    expect(first.rendered).toContain(`Host(\`${c.domain}\`)`);

    const again = validateStack(stack, first.rendered!, c.ctx);
    expect(again.errors).toEqual([]);
    expect(again.rendered).toBe(first.rendered);

    // Secret values with a `$` in them must come through Docker's own substitution untouched.
    const resolved = resolveSecrets(first.rendered!, c.values);
    expect(strings(resolved).flatMap(({ value }) => referencesIn(value))).toEqual([]);
    expect(validateStack(stack, resolved, { secretNames: new Set(), domainsInUse: new Map() }).errors).toEqual([]);
  });
});
