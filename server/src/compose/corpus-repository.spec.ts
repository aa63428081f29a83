import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { nameFilesByContent, namesInUse } from './content-names.js';
import { fileReferences } from './file-references.js';
import { pointFilesAt } from './point-files.js';
import { resolveInRepository } from './repository-path.js';
import { readCorpusFile, readOracle, stackNameFor } from './testing/corpus.js';
import type { ComposeIssue } from './types.js';
import { validateStack } from './validate-stack.js';

/**
 * The real-world corpus read as stacks from a repository: the files beside the Compose file that a
 * pasted stack cannot have are allowed, and everything else is judged as before.
 */
const oracle = readOracle().filter((r) => r.verdict === 'accepted');
const ctx = { secretNames: new Set<string>(), domainsInUse: new Map<string, string>() };
const FILE_RULES = [/^`env_file` in service /, /^The (config|secret) \S+ is read from a file/];
const place = (e: ComposeIssue) => `${e.path}@${e.line}:${e.column}`;

const files = oracle.map(({ file }) => {
  const text = readCorpusFile(file);
  const name = stackNameFor(file);
  return {
    file,
    text,
    name,
    pasted: validateStack(name, text, ctx),
    repository: validateStack(name, text, { ...ctx, files: 'repository' }),
  };
});

describe('the corpus as stacks from a repository', () => {
  it('has files that read files beside themselves, so the checks below are not empty', () => {
    const reading = files.filter((f) => fileReferences(f.text).length > 0);
    expect(reading.length).toBeGreaterThanOrEqual(8);
    expect(reading.filter((f) => f.repository.valid).length).toBeGreaterThanOrEqual(5);
  });

  it('drops exactly the pasted-only errors, and notes only the version raised for names', () => {
    for (const f of files) {
      const expected = f.pasted.errors.filter((e) => !FILE_RULES.some((rule) => rule.test(e.message))).map(place);
      expect([f.file, f.repository.errors.map(place)]).toEqual([f.file, expected]);
      const added = f.repository.warnings.filter((w) => !f.pasted.warnings.some((p) => p.message === w.message));
      for (const w of added) {
        expect([f.file, w.path, w.message.startsWith('Version ')]).toEqual([f.file, 'version', true]);
        expect(fileReferences(f.text).some((r) => r.kind !== 'env_file')).toBe(true);
      }
    }
  });

  it('names, points and lists the files of every valid one, which then still validates', () => {
    let checked = 0;
    for (const f of files.filter((x) => x.repository.valid && fileReferences(x.text).length > 0)) {
      const rendered = f.repository.rendered!;
      const references = fileReferences(rendered);
      const contents = new Map(references.map((r) => [r.written, Buffer.from(`content of ${r.written}`)]));
      for (const r of references) {
        // the corpus files sit at the root of their repositories
        expect([f.file, r.written, resolveInRepository(`${f.file.split('/')[1]}`, r.written).ok]).toEqual([f.file, r.written, true]);
      }
      const named = nameFilesByContent(rendered, f.name, contents);
      const again = validateStack(f.name, named, { ...ctx, files: 'repository' });
      expect([f.file, again.errors]).toEqual([f.file, []]);
      const placed = new Map(references.map((r, i) => [r.written, `/tmp/otternauts-files.test/${i}`]));
      const sent = pointFilesAt(named, placed);
      expect(fileReferences(sent).every((r) => r.written.startsWith('/tmp/otternauts-files.test/'))).toBe(true);
      const names = namesInUse(sent, f.name);
      for (const r of references.filter((x) => x.kind !== 'env_file')) {
        const list = r.kind === 'config' ? names.configs : names.secrets;
        expect(list.some((n) => n.length <= 64 && n.endsWith(`_${contentHash(`content of ${r.written}`)}`))).toBe(true);
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
