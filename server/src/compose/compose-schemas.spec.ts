import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { inlinedSchema, SCHEMA_VERSIONS } from './compose-schemas.js';
import { corpusDir } from './testing/corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('the bundled docker/cli schemas', () => {
  it.each(SCHEMA_VERSIONS)('v%s is an unchanged copy of docker/cli\'s', (version) => {
    const name = `config_schema_v${version}.json`;
    expect(fs.readFileSync(path.join(here, 'schemas', name), 'utf8')).toBe(fs.readFileSync(path.join(corpusDir, '..', 'schemas', name), 'utf8'));
  });

  it('inlines every $ref, so validator errors say which oneOf branch they come from', () => {
    for (const version of SCHEMA_VERSIONS) expect(JSON.stringify(inlinedSchema(version))).not.toContain('$ref');
  });
});
