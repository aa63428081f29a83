import { describe, expect, it } from '@jest/globals';
import { pointFilesAt } from '../compose/point-files.js';
import { parseFiles, placedFiles } from './deployment-files.js';

const RENDERED = `services:
  web:
    image: nginx:1.27
    env_file:
      - ./web.env
      - path: ../shared/common.env
    configs:
      - source: site
        target: /etc/nginx/conf.d/default.conf
configs:
  site:
    file: ./nginx.conf
    name: shop_site_0123456789
`;

describe(placedFiles.name, () => {
  const files = ['deploy/nginx.conf', 'deploy/web.env', 'shared/common.env'];

  it('should point every written path at its index in the folder, as resolved from the Compose file', () => {
    const placed = placedFiles(RENDERED, 'deploy/compose.yaml', files, '/tmp/otternauts-files.Ab12');
    expect([...placed]).toEqual([
      ['./web.env', '/tmp/otternauts-files.Ab12/1'],
      ['../shared/common.env', '/tmp/otternauts-files.Ab12/2'],
      ['./nginx.conf', '/tmp/otternauts-files.Ab12/0'],
    ]);
    const sent = pointFilesAt(RENDERED, placed);
    expect(sent).toContain('file: /tmp/otternauts-files.Ab12/0');
    expect(sent).toContain('- /tmp/otternauts-files.Ab12/1');
    expect(sent).toContain('path: /tmp/otternauts-files.Ab12/2');
    // the content name stays: only where Docker reads the file changes
    expect(sent).toContain('name: shop_site_0123456789');
    expect(sent).not.toMatch(/\.\/|\.\.\//);
  });

  it('should refuse a reference the deployment did not send, rather than let Docker read the manager', () => {
    expect(() => placedFiles(RENDERED, 'deploy/compose.yaml', files.slice(0, 2), '/tmp/x')).toThrow(
      'file list has no ../shared/common.env (services.web.env_file[1].path)',
    );
  });

  it('should read the stored list, and nothing but paths from it', () => {
    expect(parseFiles('["a.conf","b/c.env"]')).toEqual(['a.conf', 'b/c.env']);
    expect(parseFiles('[]')).toEqual([]);
    expect(parseFiles('[1,"x"]')).toEqual(['x']);
    expect(parseFiles('{}')).toEqual([]);
  });
});
