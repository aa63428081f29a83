import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../errors/api-error.js';
import { readBesideFiles } from './beside-files.js';

const FILE = `services:
  web:
    image: nginx:1.27
    env_file: ./web.env
configs:
  site:
    file: ./nginx.conf
  again:
    file: nginx.conf
secrets:
  key:
    file: ../../outside.pem
`;

/** A commit's files; a path in `escapes` is a symlink pointing out of the repository. */
function reader(files: Record<string, string>, escapes: string[] = []) {
  const asked: string[] = [];
  const read = async (path: string) => {
    asked.push(path);
    if (escapes.includes(path)) throw new ApiError(400, 'path_escapes_repository', `${path} is a link that points out of the repository`);
    return path in files ? Buffer.from(files[path]) : null;
  };
  return { read, asked };
}

describe(readBesideFiles.name, () => {
  it('should read each file once, at its repository path, and refuse a path that climbs out at its line', async () => {
    const { read, asked } = reader({ 'deploy/web.env': 'A=1\n', 'deploy/nginx.conf': 'server {}\n' });
    const r = await readBesideFiles(FILE, 'deploy/compose.yaml', read);
    expect(r.files).toEqual(['deploy/web.env', 'deploy/nginx.conf']);
    expect(asked).toEqual(['deploy/web.env', 'deploy/nginx.conf']);
    expect([...r.contents.keys()]).toEqual(['./web.env', './nginx.conf', 'nginx.conf']);
    expect(r.contents.get('nginx.conf')!.toString()).toBe('server {}\n');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 12, column: 11, path: 'secrets.key.file' });
    expect(r.issues[0].message).toContain('leaves the repository');
  });

  it('should place a missing file and a symlink out of the repository at their references', async () => {
    const { read } = reader({ 'web.env': 'A=1\n' }, ['nginx.conf']);
    const r = await readBesideFiles(FILE.replace('../../outside.pem', 'key.pem'), 'compose.yaml', read);
    expect(r.issues.map((i) => [i.line, i.column, i.path, i.message])).toEqual([
      [7, 11, 'configs.site.file', 'nginx.conf is a link that points out of the repository'],
      [9, 11, 'configs.again.file', 'nginx.conf is a link that points out of the repository'],
      [
        12,
        11,
        'secrets.key.file',
        'The secret key reads key.pem, and the repository has no file key.pem at this commit: add the file or correct the path.',
      ],
    ]);
    expect(r.files).toEqual(['web.env']);
  });

  it('should pass on a failure that is not about the file (git itself)', async () => {
    const read = async () => {
      throw new ApiError(503, 'git_missing', 'Mission Control needs git on its machine: apt-get install git');
    };
    await expect(readBesideFiles(FILE, 'compose.yaml', read)).rejects.toThrow('needs git');
  });

  it('should find nothing to read in a file without references', async () => {
    const { read, asked } = reader({});
    expect(await readBesideFiles('services:\n  web:\n    image: nginx\n', 'compose.yaml', read)).toEqual({
      files: [],
      contents: new Map(),
      issues: [],
    });
    expect(asked).toEqual([]);
  });
});
