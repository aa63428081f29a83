import { describe, expect, it } from '@jest/globals';
import { folderOf, normaliseSourcePath, pickComposeFile, shownFolder } from './compose-path.js';

describe(normaliseSourcePath.name, () => {
  it.each([
    ['deploy/compose.yaml', 'deploy/compose.yaml'],
    ['./deploy//compose.yaml', 'deploy/compose.yaml'],
    ['deploy/', 'deploy'],
    ['', ''],
    ['.', ''],
  ])('should keep %j as the repository path %j', (input, path) => {
    expect(normaliseSourcePath(input)).toEqual({ ok: true, path });
  });

  it.each([
    ['/etc/compose.yaml', 'no leading /'],
    ['deploy/../../compose.yaml', '".."'],
    ['..', '".."'],
    ['deploy\\compose.yaml', 'backslash'],
    ['deploy/\ncompose.yaml', 'control character'],
  ])('should refuse %j, saying why', (input, why) => {
    const r = normaliseSourcePath(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(why);
  });
});

describe(pickComposeFile.name, () => {
  const entries = (...paths: string[]) => paths.map((path) => ({ path, type: 'file' }));

  it('should take the names in the order docker compose looks for them', () => {
    expect(pickComposeFile('deploy', entries('deploy/docker-compose.yml', 'deploy/compose.yml', 'deploy/README.md'))).toBe(
      'deploy/compose.yml',
    );
    expect(pickComposeFile('', entries('docker-compose.yaml', 'docker-compose.yml'))).toBe('docker-compose.yaml');
    expect(pickComposeFile('', [{ path: 'compose.yaml', type: 'symlink' }])).toBe('compose.yaml');
  });

  it('should find none in a folder without one (a folder named like a file does not count)', () => {
    expect(pickComposeFile('deploy', entries('deploy/stack.yml'))).toBeNull();
    expect(pickComposeFile('deploy', [{ path: 'deploy/compose.yaml', type: 'dir' }])).toBeNull();
    // a file of another folder with the right name is not this folder's
    expect(pickComposeFile('deploy', entries('compose.yaml'))).toBeNull();
  });

  it('should name folders as watched paths show them', () => {
    expect([folderOf('deploy/web/compose.yaml'), folderOf('compose.yaml')]).toEqual(['deploy/web', '']);
    expect([shownFolder('deploy'), shownFolder('')]).toEqual(['deploy/', '']);
  });
});
