import { describe, expect, it } from '@jest/globals';
import { unifiedDiff } from './unified-diff.js';

describe('unifiedDiff', () => {
  it('is a unified diff with both labels and the changed line', () => {
    const diff = unifiedDiff(
      'services:\n  web:\n    image: nginx:1.26\n',
      'services:\n  web:\n    image: nginx:1.27\n',
      'deployed',
      'edited',
    );
    expect(diff).toBe(
      [
        '===================================================================',
        '--- deployed',
        '+++ edited',
        '@@ -1,3 +1,3 @@',
        ' services:',
        '   web:',
        '-    image: nginx:1.26',
        '+    image: nginx:1.27',
        '',
      ].join('\n'),
    );
  });

  it('has no hunk when nothing changed', () => {
    expect(unifiedDiff('a: 1\n', 'a: 1\n', 'old', 'new')).not.toContain('@@');
  });
});
