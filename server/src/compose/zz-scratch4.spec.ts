import fs from 'node:fs';
import path from 'node:path';
import { it } from '@jest/globals';
import { validateStack } from './index.js';
const corpus = '/work/shared/corpus/compose';
it('scratch4', () => {
  const rows = fs.readFileSync(path.join(corpus, 'STACK_CONFIG_ORACLE.csv'), 'utf8').trim().split('\n').slice(1);
  let out = '';
  for (const row of rows) {
    const [file, verdict] = row.split(',');
    if (verdict !== 'rejected') continue;
    const text = fs.readFileSync(path.join(corpus, file), 'utf8');
    const r = validateStack('x', text, { secretNames: new Set(), domainsInUse: new Map() });
    out += `${file} | ${row.slice(file.length + 10)}\n`;
    for (const e of r.errors) if (/depends_on|stored secret|`name`|platform|runtime|env_file|version/.test(e.message)) out += `    ${e.path} ${e.line}:${e.column} ${e.message.slice(0, 90)}\n`;
  }
  fs.writeFileSync('/tmp/scratch4.txt', out);
});
