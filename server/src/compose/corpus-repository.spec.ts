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
/** The pasted stack's build rules (an error without image, a warning with one), judged by build-rules.ts instead. */
const PASTED_BUILD = [/^Service \S+ has `build` but no `image`/, /^`build` in service \S+ is ignored by docker stack deploy/];
const SHA = '0123456789abcdef0123456789abcdef01234567';
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
    building: validateStack(name, text, {
      ...ctx,
      files: 'repository',
      builds: { registry: 'registry.example.com:5000/team', composeFile: 'compose.yaml', commit: SHA, imageStack: name },
    }),
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
      const kept = f.pasted.errors.filter((e) => ![...FILE_RULES, ...PASTED_BUILD].some((rule) => rule.test(e.message)));
      // without a registry for builds, a build without image stays an error at the same place (one with an image, a warning)
      const builds = f.pasted.errors.filter((e) => PASTED_BUILD.some((rule) => rule.test(e.message)));
      const expected = [...kept, ...builds].sort((a, b) => a.line - b.line || a.column - b.column).map(place);
      expect([f.file, f.repository.errors.map(place)]).toEqual([f.file, expected]);
      for (const e of f.repository.errors.filter((x) => builds.some((b) => place(b) === place(x)))) {
        expect(e.message).toMatch(/names no registry for builds/);
      }
      // a build the pasted rules ignore is "not built" here, at the same place, with the reason to choose a registry
      const ignoredBuilds = f.pasted.warnings.filter((w) => PASTED_BUILD[1].test(w.message)).map(place);
      const notBuilt = f.repository.warnings.filter((w) => /is not built: this stack names no registry for builds/.test(w.message));
      expect([f.file, notBuilt.map(place)]).toEqual([f.file, ignoredBuilds]);
      const added = f.repository.warnings.filter((w) => !notBuilt.includes(w) && !f.pasted.warnings.some((p) => p.message === w.message));
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

describe('the corpus as stacks from a repository with a registry for builds', () => {
  it('builds every service with build: in the valid ones, renders their tags without build, and the result validates again', () => {
    const built = files.filter((f) => f.building.valid && f.building.builds.length > 0);
    expect(built.length).toBeGreaterThanOrEqual(10);
    for (const f of built) {
      const rendered = f.building.rendered!;
      expect([f.file, /^\s+build:/m.test(rendered)]).toEqual([f.file, false]);
      for (const b of f.building.builds) {
        expect(b.image).toBe(`registry.example.com:5000/team/${f.name}/${b.service.toLowerCase()}:${SHA}`);
        expect(rendered).toContain(`image: ${b.image}`);
        expect(b.spec.context.startsWith('/') || b.spec.context.split('/').includes('..')).toBe(false);
      }
      expect([f.file, validateStack(f.name, rendered, { ...ctx, files: 'repository' }).errors]).toEqual([f.file, []]);
    }
  });

  it('refuses the build args docker compose would take from its environment, at their lines (docker/cli e2e files)', () => {
    const refused = files.flatMap((f) =>
      f.building.errors.filter((e) => e.path.includes('.build')).map((e) => [f.file, e.line, e.message.replace(/:.*/s, '')]),
    );
    expect(refused).toEqual([
      [
        'docker__cli/e2e__compose-env.connhelper-ssh.yaml',
        7,
        'The build arg ENGINE_VERSION in service engine has no value, so docker compose would take it from its own environment',
      ],
      ['docker__cli/e2e__compose-env.yaml', 33, 'The build arg ENGINE_VERSION in service engine uses a variable'],
    ]);
  });
});

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
