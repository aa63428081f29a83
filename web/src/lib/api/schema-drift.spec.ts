import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

// The typed client's types are generated from server/openapi.json, which a server test
// keeps equal to the controllers: together they keep the dashboard from drifting.
describe('the generated API types', () => {
  it('should match server/openapi.json (run `npm -w web run api:generate` after an API change)', () => {
    const web = process.cwd();
    const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'otn-schema-')), 'schema.d.ts');
    execFileSync(process.execPath, [cli, path.join(web, '..', 'server', 'openapi.json'), '-o', out], { stdio: 'pipe' });
    expect(fs.readFileSync(path.join(web, 'src', 'lib', 'api', 'schema.d.ts'), 'utf8')).toBe(fs.readFileSync(out, 'utf8'));
  });
});
