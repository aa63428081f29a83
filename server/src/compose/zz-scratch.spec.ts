import fs from 'node:fs';
import path from 'node:path';
import { it } from '@jest/globals';
import { validateStack } from './index.js';
const corpus = '/work/shared/corpus/compose';
it('scratch', () => {
  const rows = fs.readFileSync(path.join(corpus, 'STACK_CONFIG_ORACLE.csv'), 'utf8').trim().split('\n').slice(1);
  let out = '';
  for (const row of rows) {
    const [file, verdict] = row.split(',');
    const text = fs.readFileSync(path.join(corpus, file), 'utf8');
    const name = path.basename(file).replace(/\.ya?ml$/, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63);
    const r = validateStack(name, text, { secretNames: new Set(), domainsInUse: new Map() });
    out += `${r.valid ? 'ACC' : 'REJ'} ${verdict} ${file}\n`;
    for (const e of r.errors.slice(0, 40)) out += `   E ${e.line}:${e.column} [${e.path}] ${e.message}\n`;
    for (const e of r.warnings.slice(0, 3)) out += `   W ${e.line}:${e.column} [${e.path}] ${e.message}\n`;
  }
  fs.writeFileSync('/tmp/scratch-out.txt', out);
});
