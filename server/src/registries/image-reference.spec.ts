import { describe, expect, it } from '@jest/globals';
import { credentialCovers, credentialScope, imagesOf, registryHost, registryOf, repositoryOf } from './image-reference.js';

describe('registryOf', () => {
  it('should read the registry as Docker does: a dot, a port, localhost or an upper-case letter', () => {
    expect(registryOf('ghcr.io/otto/app:1')).toBe('ghcr.io');
    expect(registryOf('10.77.0.11:5000/base/busybox:1')).toBe('10.77.0.11:5000');
    expect(registryOf('localhost/app')).toBe('localhost');
    expect(registryOf('localhost:5000/app')).toBe('localhost:5000');
    expect(registryOf('Registry/app')).toBe('registry');
    expect(registryOf('[fd77::11]:5000/app:1')).toBe('[fd77::11]:5000');
  });

  it('should put every other image on Docker Hub, under one name', () => {
    expect(registryOf('nginx')).toBe('docker.io');
    expect(registryOf('nginx:1.27@sha256:' + 'a'.repeat(64))).toBe('docker.io');
    expect(registryOf('otto/app:1')).toBe('docker.io');
    expect(registryOf('local/busybox:1')).toBe('docker.io');
    expect(registryOf('index.docker.io/library/nginx')).toBe('docker.io');
    expect(registryOf('registry-1.docker.io/otto/app')).toBe('docker.io');
    expect(registryOf('DOCKER.IO/otto/app')).toBe('docker.io');
  });
});

describe('repositoryOf', () => {
  it('should expand an image to host/path without tag or digest', () => {
    expect(repositoryOf('nginx')).toBe('docker.io/library/nginx');
    expect(repositoryOf('nginx:1.27')).toBe('docker.io/library/nginx');
    expect(repositoryOf('otto/app:1@sha256:' + 'b'.repeat(64))).toBe('docker.io/otto/app');
    expect(repositoryOf('index.docker.io/otto/app:2')).toBe('docker.io/otto/app');
    expect(repositoryOf('10.77.0.11:5000/base/busybox:1')).toBe('10.77.0.11:5000/base/busybox');
    expect(repositoryOf('10.77.0.11:5000/base/busybox')).toBe('10.77.0.11:5000/base/busybox');
    expect(repositoryOf('GHCR.io/otto/shop/web:' + 'c'.repeat(40))).toBe('ghcr.io/otto/shop/web');
  });
});

describe('credentialScope and credentialCovers', () => {
  it('should split a stored URL into its host and the path its images live under', () => {
    expect(credentialScope('ghcr.io')).toEqual({ host: 'ghcr.io', path: '' });
    expect(credentialScope('ghcr.io/otto')).toEqual({ host: 'ghcr.io', path: 'otto' });
    expect(credentialScope('10.77.0.11:5000/team/a/')).toEqual({ host: '10.77.0.11:5000', path: 'team/a' });
    expect(credentialScope('index.docker.io')).toEqual({ host: 'docker.io', path: '' });
    expect(registryHost('Registry.Hub.Docker.com')).toBe('docker.io');
  });

  it('should match a host credential to every image of that registry, ports included', () => {
    expect(credentialCovers('10.77.0.11:5000', '10.77.0.11:5000/base/busybox:1')).toBe(true);
    expect(credentialCovers('10.77.0.11:5000', '10.77.0.11:5001/base/busybox:1')).toBe(false);
    expect(credentialCovers('10.77.0.11', '10.77.0.11:5000/base/busybox:1')).toBe(false);
    expect(credentialCovers('ghcr.io', 'ghcr.io/otto/app')).toBe(true);
    expect(credentialCovers('ghcr.io', 'ghcr.io.evil.example/otto/app')).toBe(false);
  });

  it('should match Docker Hub under any of its names, also for implicit images', () => {
    for (const url of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']) {
      expect(credentialCovers(url, 'nginx:1.27')).toBe(true);
      expect(credentialCovers(url, 'otto/app')).toBe(true);
      expect(credentialCovers(url, 'ghcr.io/otto/app')).toBe(false);
    }
    expect(credentialCovers('docker.io/otto', 'otto/app:1')).toBe(true);
    expect(credentialCovers('docker.io/otto', 'nginx')).toBe(false);
  });

  it('should keep a credential with a path to the images under it', () => {
    expect(credentialCovers('ghcr.io/otto', 'ghcr.io/otto/shop/web:1')).toBe(true);
    expect(credentialCovers('ghcr.io/otto', 'ghcr.io/otto-other/app')).toBe(false);
    expect(credentialCovers('ghcr.io/otto', 'ghcr.io/acme/app')).toBe(false);
    expect(credentialCovers('10.77.0.11:5000/base', '10.77.0.11:5000/base/busybox:1')).toBe(true);
  });
});

describe('imagesOf', () => {
  it('should list each service image once, and nothing for text that is not a stack', () => {
    const file = 'services:\n  a:\n    image: nginx\n  b:\n    image: nginx\n  c:\n    image: ghcr.io/otto/c:1\n  d:\n    command: x\n';
    expect(imagesOf(file)).toEqual(['nginx', 'ghcr.io/otto/c:1']);
    expect(imagesOf('- just\n- a list\n')).toEqual([]);
  });
});
