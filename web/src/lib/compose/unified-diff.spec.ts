import { describe, expect, it } from '@jest/globals';
import { diffStats, parseUnifiedDiff } from '#lib/compose/unified-diff.ts';

// As the server's unifiedDiff() (jsdiff createTwoFilesPatch) writes it.
const DIFF = [
  '===================================================================',
  '--- deployed (version 1)',
  '+++ current',
  '@@ -3,4 +3,4 @@',
  '   web:',
  '     image: local/busybox:1',
  '-    command: ["echo", "db-v1"]',
  '+    command: ["echo", "db-v2"]',
  '     stop_grace_period: 1s',
  '\\ No newline at end of file',
  '',
].join('\n');

describe(parseUnifiedDiff.name, () => {
  it('should number both sides and keep the line text without its marker', () => {
    const rows = parseUnifiedDiff(DIFF);
    expect(rows.map((r) => [r.kind, r.oldLine, r.newLine, r.text])).toEqual([
      ['file', null, null, 'deployed (version 1)'],
      ['file', null, null, 'current'],
      ['hunk', null, null, '@@ -3,4 +3,4 @@'],
      ['context', 3, 3, '  web:'],
      ['context', 4, 4, '    image: local/busybox:1'],
      ['remove', 5, null, '    command: ["echo", "db-v1"]'],
      ['add', null, 5, '    command: ["echo", "db-v2"]'],
      ['context', 6, 6, '    stop_grace_period: 1s'],
      ['note', null, null, 'No newline at end of file'],
    ]);
  });

  it('should read a first deployment (nothing before) and an empty diff', () => {
    const rows = parseUnifiedDiff('===\n--- nothing deployed\n+++ current\n@@ -0,0 +1,2 @@\n+services:\n+  web:\n');
    expect(rows.filter((r) => r.kind === 'add').map((r) => r.newLine)).toEqual([1, 2]);
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe(diffStats.name, () => {
  it('should count added and removed lines', () => {
    expect(diffStats(parseUnifiedDiff(DIFF))).toEqual({ added: 1, removed: 1 });
  });
});
