import { describe, expect, it } from '@jest/globals';
import { resolveInRepository } from './repository-path.js';

const inside = (composeFile: string, written: string) => {
  const result = resolveInRepository(composeFile, written);
  if (!result.ok) throw new Error(`expected ${written} to resolve, got: ${result.message}`);
  return result.path;
};
const refusal = (composeFile: string, written: string) => {
  const result = resolveInRepository(composeFile, written);
  if (result.ok) throw new Error(`expected ${written} to be refused, got ${result.path}`);
  return result.message;
};

describe('resolveInRepository', () => {
  it('resolves relative to the Compose file folder, normalised', () => {
    expect(inside('deploy/compose.yaml', './nginx.conf')).toBe('deploy/nginx.conf');
    expect(inside('deploy/compose.yaml', 'nginx.conf')).toBe('deploy/nginx.conf');
    expect(inside('deploy/compose.yaml', 'conf//site/./a.conf')).toBe('deploy/conf/site/a.conf');
    expect(inside('deploy/compose.yaml', './a/../b')).toBe('deploy/b');
    expect(inside('deploy/compose.yaml', '../shared/app.env')).toBe('shared/app.env');
    expect(inside('compose.yaml', './.env')).toBe('.env');
    expect(inside('compose.yaml', 'conf/...')).toBe('conf/...');
    expect(inside('a/b/c/compose.yml', '../../x')).toBe('a/x');
  });

  it('keeps unicode and spaces in names as they are', () => {
    expect(inside('déploiement/compose.yaml', './café config.conf')).toBe('déploiement/café config.conf');
    expect(inside('compose.yaml', '設定/nginx.conf')).toBe('設定/nginx.conf');
  });

  it('refuses a path that climbs out of the repository, saying where it is read from', () => {
    expect(refusal('deploy/compose.yaml', '../../x')).toBe(
      'The path "../../x" leaves the repository: it is read from deploy/, and only files inside the repository are sent. Keep the file in the repository and write it relative to deploy/compose.yaml, like ./nginx.conf for deploy/nginx.conf.',
    );
    expect(refusal('compose.yaml', 'deploy/../../x')).toBe(
      'The path "deploy/../../x" leaves the repository: it is read from the root of the repository, and only files inside the repository are sent. Keep the file in the repository and write it relative to compose.yaml, like ./nginx.conf for nginx.conf.',
    );
    expect(refusal('compose.yaml', '..')).toContain('leaves the repository');
    expect(refusal('deploy/compose.yaml', './a/../../../b')).toContain('leaves the repository');
  });

  it('refuses absolute paths and home folders', () => {
    expect(refusal('deploy/compose.yaml', '/etc/passwd')).toBe(
      'The path "/etc/passwd" is absolute, and only files in the repository are sent: write it relative to deploy/compose.yaml, like ./nginx.conf for deploy/nginx.conf.',
    );
    expect(refusal('deploy/compose.yaml', '//server/share')).toContain('is absolute');
    expect(refusal('deploy/compose.yaml', 'C:\\conf\\a.conf')).toContain('is absolute');
    expect(refusal('deploy/compose.yaml', '~/secrets/key')).toBe(
      'The path "~/secrets/key" is in a home folder, and only files in the repository are sent: write it relative to deploy/compose.yaml, like ./nginx.conf for deploy/nginx.conf.',
    );
    expect(refusal('deploy/compose.yaml', '~root/key')).toContain('home folder');
  });

  it('refuses control characters, backslashes and variables', () => {
    expect(refusal('compose.yaml', 'a\u0000b')).toBe(
      'The path "a\\u0000b" contains a control character (such as a tab or line break): rename the file.',
    );
    expect(refusal('compose.yaml', 'a\nb')).toContain('control character');
    expect(refusal('compose.yaml', 'a\u009bb')).toContain('control character');
    expect(refusal('compose.yaml', 'conf\\a.conf')).toBe('The path "conf\\a.conf" contains a backslash: separate folders with /.');
    expect(refusal('compose.yaml', './${ENV}.conf')).toBe(
      'The path "./${ENV}.conf" uses `$`, which Docker reads as a variable: files beside the Compose file are read from the commit before secrets are filled in, so write the path itself.',
    );
  });

  it('refuses empty paths and folders', () => {
    expect(refusal('deploy/compose.yaml', '')).toBe(
      'A file path is empty: write it relative to deploy/compose.yaml, like ./nginx.conf for deploy/nginx.conf.',
    );
    expect(refusal('deploy/compose.yaml', '  ')).toContain('is empty');
    for (const folder of ['.', './', 'conf/', 'conf/..', '../deploy/.']) {
      expect(refusal('deploy/compose.yaml', folder)).toContain('names a folder, not a file');
    }
  });

  it('refuses a very long path without echoing it', () => {
    const message = refusal('compose.yaml', 'a/'.repeat(600) + 'b');
    expect(message).toBe('A file path is longer than 1024 characters: name a file beside the Compose file.');
  });
});
