import fs from 'node:fs';
import { it } from '@jest/globals';
import { validateStack, resolveSecrets } from './index.js';
it('scratch2', () => {
  let text = fs.readFileSync('/work/shared/corpus/compose/dockersamples__example-voting-app/docker-stack.yml', 'utf8');
  text = text.replace('    deploy:\n      replicas: 2\n\n  result', '    deploy:\n      replicas: 2\n    x-otternauts:\n      domains: [Vote.example.com, www.vote.example.com]\n    environment:\n      SECRET: ${API_KEY}\n      OTHER: "${MISSING:-fallback}"\n\n  result');
  text = text.replace('  result:\n    image: dockersamples/examplevotingapp_result\n', '  result:\n    image: dockersamples/examplevotingapp_result\n    x-otternauts: {domains: [result.example.com]}\n');
  const r = validateStack('voting', text, { secretNames: new Set(['API_KEY']), domainsInUse: new Map() });
  let out = JSON.stringify({ valid: r.valid, errors: r.errors, services: r.services }, null, 1) + '\n' + r.rendered;
  const again = validateStack('voting', r.rendered!, { secretNames: new Set(['API_KEY']), domainsInUse: new Map() });
  out += '\nAGAIN ' + again.valid + JSON.stringify(again.errors) + '\n' + (again.rendered === r.rendered);
  out += '\n' + resolveSecrets(r.rendered!, new Map([['API_KEY', 'p$ss:word']]));
  fs.writeFileSync('/tmp/scratch2.txt', out);
});
