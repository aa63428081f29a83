import { visit, type Scalar } from 'yaml';
import { formatPath, type PathSegment } from './document-path.js';
import { castKindAt, castKindWords, castText, type CastKind } from './type-casts.js';
import { parseTemplate, referenceLabel, references, type Reference, type TemplatePart } from './variable-template.js';
import { parseSource, type TreeNode } from './yaml-source.js';
import { styleOf } from './yaml-style.js';

/**
 * Deploy time: puts the stored secrets' values in place of the ${VAR} references of a rendered
 * stack, in every value (never in keys). Docker substitutes variables again when it reads the
 * file, so every `$` we write (in a secret or a default) is doubled and Docker leaves it alone;
 * values at places Docker turns into numbers or booleans are written as such. Errors name the
 * variable, never a value. `used` collects each stored value the file took, by name: what a
 * deployment must scrub from Docker's output, which can quote the resolved file.
 */
export function resolveSecrets(rendered: string, values: ReadonlyMap<string, string>, used?: Map<string, string>): string {
  const parsed = parseSource(rendered);
  if (!parsed.root) throw new Error('resolveSecrets needs a rendered stack file, and this text does not parse as one');
  const uses = scalarUses(parsed.root);
  let changed = false;
  visit(parsed.document, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const use = uses.get(node);
      const where = use ? formatPath(use.path) : 'a value';
      const template = parseTemplate(node.value);
      if (!template.valid) throw new Error(`Invalid use of $ at ${where}: write $$ for a dollar sign, or \${NAME} for a variable.`);
      const refs = references(template.parts);
      if (refs.length === 0) return;
      const text = substitute(template.parts, values, where, used);
      changed = true;
      if (!use?.cast) {
        node.value = text;
        return;
      }
      // Docker will read `$$` as `$`, then cast; so cast what it will read.
      const casted = castText(
        use.cast,
        text.replaceAll('$$', () => '$'),
      );
      if (!casted.ok) {
        throw new Error(`${refs.map(referenceLabel).join(', ')} at ${where} must give ${castKindWords(use.cast)}.`);
      }
      // changed in place, so an anchor on the value, and its comments, stay
      node.value = casted.value;
      node.type = undefined;
    },
  });
  return changed ? parsed.document.toString(styleOf(rendered)) : rendered;
}

function substitute(
  parts: readonly TemplatePart[],
  values: ReadonlyMap<string, string>,
  where: string,
  used?: Map<string, string>,
): string {
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'escaped') return '$$';
      // a function replacement: in a replacement string, '$$' itself means one '$'
      const value = valueOf(part, values, where);
      if (used && values.get(part.name) === value) used.set(part.name, value);
      return value.replaceAll('$', () => '$$');
    })
    .join('');
}

function valueOf(reference: Reference, values: ReadonlyMap<string, string>, where: string): string {
  const value = values.get(reference.name);
  const set = value !== undefined;
  switch (reference.operator) {
    case ':-':
      return set && value !== '' ? value : reference.argument;
    case '-':
      return set ? value : reference.argument;
    case ':?':
      if (set && value !== '') return value;
      break;
    default:
      if (set) return value;
  }
  throw new Error(`${referenceLabel(reference)} at ${where} has no value: store it under Secrets.`);
}

/** For each scalar of the document, the first place it is used and the type Docker casts it to there. */
function scalarUses(root: TreeNode): Map<Scalar, { path: PathSegment[]; cast: CastKind | null }> {
  const uses = new Map<Scalar, { path: PathSegment[]; cast: CastKind | null }>();
  const walk = (node: TreeNode, path: PathSegment[]) => {
    if (node.kind === 'map') for (const entry of node.entries) walk(entry.value, [...path, entry.key]);
    else if (node.kind === 'seq') node.items.forEach((item, i) => walk(item, [...path, i]));
    else if (node.node) {
      const cast = castKindAt(path);
      const known = uses.get(node.node);
      if (!known) uses.set(node.node, { path, cast });
      else if (!known.cast && cast) known.cast = cast;
    }
  };
  walk(root, []);
  return uses;
}
