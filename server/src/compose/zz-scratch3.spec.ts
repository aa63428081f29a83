import fs from 'node:fs';
import path from 'node:path';
import { it } from '@jest/globals';
import { validateStack } from './index.js';
const corpus = '/work/shared/corpus/compose';
const RULES: Array<[string, RegExp]> = [['build', /^`build` in service/], ['image', /has no `image`|has an empty `image`/], ['variable', /is not a stored secret/], ['bind-mount', /mounts a path relative to the compose file/], ['env-file', /^`env_file`/], ['file-object', /is read from a file/]];
it('scratch3', () => {
  const rows = fs.readFileSync(path.join(corpus, 'STACK_CONFIG_ORACLE.csv'), 'utf8').trim().split('\n').slice(1);
  let out = '';
  for (const row of rows) {
    const [file, verdict] = row.split(',');
    const text = fs.readFileSync(path.join(corpus, file), 'utf8');
    const name = path.basename(file).replace(/\.ya?ml$/, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63);
    const r = validateStack(name, text, { secretNames: new Set(), domainsInUse: new Map() });
    if (verdict === 'accepted' && !r.valid) {
      const rules = new Set(r.errors.map((e) => RULES.find(([, re]) => re.test(e.message))?.[0] ?? `OTHER ${e.message}`));
      out += `  ['${file}', [${[...rules].sort().map((x) => `'${x}'`).join(', ')}]],\n`;
    }
  }
  fs.writeFileSync('/tmp/scratch3.txt', out);
});
