import { describe, expect, it } from '@jest/globals';
import type { TreeEntry } from '../git/git.service.js';
import { composeCandidates } from './compose-files.js';

const file = (path: string): TreeEntry => ({ path, type: 'file', size: 10 });

describe(composeCandidates.name, () => {
  it('should list Compose names first, shallowest first and in Compose order, then other YAML by path', () => {
    const entries: TreeEntry[] = [
      file('.github/workflows/ci.yml'),
      file('README.md'),
      file('deploy/prod/docker-compose.yml'),
      file('deploy/compose.yml'),
      file('docker-compose.yml'),
      file('compose.yaml'),
      file('deploy/compose.yaml'),
      file('k8s/app.YAML'),
      file('config/app.yml'),
      { path: 'deploy', type: 'dir' },
      { path: 'vendor/lib', type: 'submodule' },
      { path: 'link/compose.yml', type: 'symlink' },
      { path: 'weird.yaml', type: 'dir' },
    ];
    expect(composeCandidates(entries)).toEqual({
      files: [
        'compose.yaml',
        'docker-compose.yml',
        'deploy/compose.yaml',
        'deploy/compose.yml',
        'link/compose.yml',
        'deploy/prod/docker-compose.yml',
        '.github/workflows/ci.yml',
        'config/app.yml',
        'k8s/app.YAML',
      ],
      truncated: false,
    });
  });

  it('should not take a name that merely ends like a Compose file', () => {
    const { files } = composeCandidates([file('zz/my-compose.yaml'), file('aa/other.yml'), file('zz/compose.yaml')]);
    expect(files).toEqual(['zz/compose.yaml', 'aa/other.yml', 'zz/my-compose.yaml']);
  });

  it('should cap the list and say so', () => {
    const many = Array.from({ length: 12 }, (_, i) => file(`f${String(i).padStart(2, '0')}.yml`));
    expect(composeCandidates([...many, file('x/compose.yml')], 5)).toEqual({
      files: ['x/compose.yml', 'f00.yml', 'f01.yml', 'f02.yml', 'f03.yml'],
      truncated: true,
    });
    expect(composeCandidates(many.slice(0, 5), 5).truncated).toBe(false);
  });
});
