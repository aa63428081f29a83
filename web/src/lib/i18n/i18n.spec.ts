import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpolate, t } from './index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.resolve(here, '..', '..');
const messages = JSON.parse(fs.readFileSync(path.join(here, 'en.json'), 'utf8')) as Record<string, unknown>;
const keys = Object.keys(messages);

/** Source files that can show text: components, routes, state and helpers (specs excluded). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (/\.spec\.ts$|\.d\.ts$/.test(entry.name)) return [];
    return /\.(svelte|ts|js)$/.test(entry.name) ? [full] : [];
  });
}

/** Every first argument of t(...), literal or not. */
function tCalls(text: string): string[] {
  return [...text.matchAll(/(?<![\w.$])t\(\s*([^,)]+)/g)].map((m) => m[1].trim());
}

const files = sourceFiles(srcDir).map((file) => ({ file: path.relative(srcDir, file), text: fs.readFileSync(file, 'utf8') }));

describe('en.json', () => {
  it('should keep its keys in sorted order', () => {
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys).toEqual(sorted);
  });

  it('should hold only non-empty strings under dotted camelCase keys', () => {
    for (const key of keys) {
      expect(key).toMatch(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/);
      expect(typeof messages[key]).toBe('string');
      expect((messages[key] as string).trim()).not.toBe('');
    }
  });

  it('should have every key used somewhere under src/', () => {
    const unused = keys.filter((key) => !files.some(({ text }) => text.includes(`'${key}'`) || text.includes(`"${key}"`)));
    expect(unused).toEqual([]);
  });

  it("should define every key passed to t('...') and never build a key at run time", () => {
    const problems = files
      .filter(({ file }) => file !== path.join('lib', 'i18n', 'index.ts'))
      .flatMap(({ file, text }) =>
        tCalls(text).flatMap((arg) => {
          const literal = /^(['"])([^'"]+)\1$/.exec(arg);
          if (literal) return literal[2] in messages ? [] : [`${file}: t('${literal[2]}') is not in en.json`];
          // Template literals, quotes mixed with other code or + build a key from pieces: the
          // check above could not see it used. A variable or a lookup in a map of literal keys is fine.
          if (/[`'"+]/.test(arg)) return [`${file}: t(${arg}) builds its key at run time; use a literal or a map of literal keys`];
          return [];
        }),
      );
    expect(problems).toEqual([]);
  });

  it('should find t() calls the way the checks above expect', () => {
    expect(tCalls("{t('a.b')} x.t('no') {t( \"c.d\", { n: 1 })} format(x) t(link.label) t(`x.${y}`)")).toEqual([
      "'a.b'",
      '"c.d"',
      'link.label',
      '`x.${y}`',
    ]);
  });
});

describe(t.name, () => {
  it('should return the English text for a key', () => {
    expect(t('nav.servers')).toBe('Servers');
  });

  it('should fill in placeholders', () => {
    expect(t('error.code', { code: 'not_found' })).toBe('Error code: not_found');
  });

  it('should show the key itself for an unknown key', () => {
    expect(t('no.such' as never)).toBe('no.such');
  });
});

describe(interpolate.name, () => {
  it('should leave a placeholder without a value visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('should not read inherited properties as values', () => {
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});
