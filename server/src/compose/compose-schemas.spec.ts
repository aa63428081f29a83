import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { inlinedSchema, SCHEMA_VERSIONS } from './compose-schemas.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What `git hash-object` prints: SHA-1 over "blob <size>\0" and the bytes. */
const gitBlobId = (bytes: Buffer) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

/**
 * Git blob ids of docker/cli's cli/compose/schema/data/config_schema_v*.json at commit
 * 28f756087eea5fa301f3fbf12b01ae62f91521c2, as `git ls-tree` lists them in a docker/cli clone.
 * A blob id is a hash of the exact bytes, so any edit to a bundled copy shows here.
 */
const DOCKER_CLI_BLOBS: Record<string, string> = {
  '3.0': 'f39344cfbe7451cd05398d7873df20b46f6e9c69',
  '3.1': '719c0fa7acc5898d3b2e15e4cc8aa6c83d8beb94',
  '3.2': '6e0e0e747da961be3cde9b4a4b7e015b467926ab',
  '3.3': '13a58044d84318e0d60216e98bf88405493b3ff6',
  '3.4': '8660c98da42bd2bba71997e22332d7952dbcac6e',
  '3.5': 'bf9c56c02e373324e474dee64014da65e7d6fc31',
  '3.6': 'cd6a638ceb7fa4aa403b8c6660d212a6f4916d68',
  '3.7': '69d5c52f87f541fe37c1b8e8b0cbc1b6f0522502',
  '3.8': '059c0bcf76d85fcc01d7f6710fa5971aef2cc1be',
  '3.9': 'c6f63fda46d32f1b52ac4366beec2526fbb09850',
  '3.10': '7c032cf54b31fe1f532ec22c821ac1538291a7a5',
  '3.11': 'fb2c9fd84b0cd881a5486f6d6907f0d395f82649',
  '3.12': '2a548a38163db54eb4ddb19aff626c3880309045',
  '3.13': '8daa8892d625f19201248b2a1c50539218399a66',
};

describe('the bundled docker/cli schemas', () => {
  it('covers every schema docker/cli has', () => {
    expect([...SCHEMA_VERSIONS].sort()).toEqual(Object.keys(DOCKER_CLI_BLOBS).sort());
  });

  it.each(SCHEMA_VERSIONS)("v%s is an unchanged copy of docker/cli's", (version) => {
    const file = path.join(here, 'schemas', `config_schema_v${version}.json`);
    expect(gitBlobId(fs.readFileSync(file))).toBe(DOCKER_CLI_BLOBS[version]);
  });

  it('inlines every $ref, so validator errors say which oneOf branch they come from', () => {
    for (const version of SCHEMA_VERSIONS) expect(JSON.stringify(inlinedSchema(version))).not.toContain('$ref');
  });
});
