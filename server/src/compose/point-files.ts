import { YAMLMap, YAMLSeq } from 'yaml';
import { locateFileReferences } from './file-references.js';
import { ownCollection, ownItem, rootPlace, setItemText, setText, type Place } from './yaml-edit.js';
import { parseSource } from './yaml-source.js';
import { styleOf } from './yaml-style.js';

/**
 * Deploy time: points every config/secret `file:` and every `env_file` path of the text sent to
 * `docker stack deploy` at where that file was placed on the manager (`placed`: path as written in
 * the file -> absolute path there). docker/cli would otherwise read them relative to the folder
 * it runs in. Every reference must have a place: a path left pointing into the manager's own
 * filesystem would deploy whatever happens to be there. The stored rendered file keeps the
 * repository paths; only the copy sent to Docker changes. Edits the YAML document, so a value
 * shared through an anchor is changed at this place only.
 */
export function pointFilesAt(fileText: string, placed: ReadonlyMap<string, string>): string {
  const parsed = parseSource(fileText);
  if (parsed.root?.kind !== 'map') throw new Error('pointFilesAt needs a rendered stack file, and this text does not parse as one');
  const references = locateFileReferences(parsed.root);
  if (references.length === 0) return fileText;
  const doc = parsed.document;
  for (const reference of references) {
    const target = placed.get(reference.written);
    if (target === undefined) throw new Error(`pointFilesAt has no placed file for ${reference.path} (${reference.written})`);
    if (!target.startsWith('/')) throw new Error(`pointFilesAt needs absolute paths on the manager, not ${target}`);
    const segments = reference.segments;
    let place: Place = rootPlace(doc);
    // every step but the last leads through mappings, or into a list at a number
    for (let i = 0; i < segments.length - 1; i++) {
      const step = segments[i];
      const next = segments[i + 1];
      if (typeof step === 'number') place = ownItem(doc, place, step);
      else place = ownCollection(doc, place, step, () => (typeof next === 'number' ? new YAMLSeq() : new YAMLMap()));
    }
    const last = segments[segments.length - 1];
    if (typeof last === 'number') setItemText(doc, place, last, target);
    else setText(doc, place, last, target);
  }
  return doc.toString(styleOf(fileText));
}
