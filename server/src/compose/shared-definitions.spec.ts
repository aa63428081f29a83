import { describe, expect, it } from '@jest/globals';
import { mergeSharedIssues } from './shared-definitions.js';
import type { ComposeIssue } from './types.js';

const issue = (path: string, message: string, line = 3): ComposeIssue => ({ message, line, column: 5, path });

describe(mergeSharedIssues.name, () => {
  it('merges one problem shared by services through an anchor, naming the others', () => {
    const merged = mergeSharedIssues(
      [issue('services.a.restart', 'Bad in service a here.'), issue('services.b.restart', 'Bad in service b here.')],
      ['a', 'b'],
    );
    expect(merged).toEqual([issue('services.a.restart', 'Bad in service a here. Service b shares this definition.')]);
  });

  it('places a path under the longest service name it starts with, dots included', () => {
    const merged = mergeSharedIssues(
      [
        issue('services.web.api.image', 'Bad in service web.api.'),
        issue('services.web.image', 'Bad in service web.'),
        issue('services.web.api[0]', 'Bad in service web.api.', 4),
      ],
      ['web', 'web.api'],
    );
    // web.api's image and web's image are different places in the two services' terms, so nothing merges
    expect(merged.map((i) => i.message)).toEqual(['Bad in service web.api.', 'Bad in service web.', 'Bad in service web.api.']);
  });

  it('leaves issues outside services alone', () => {
    expect(mergeSharedIssues([issue('networks.front', 'x'), issue('', 'y')], ['front'])).toEqual([
      issue('networks.front', 'x'),
      issue('', 'y'),
    ]);
  });

  it('merges across thousands of services and issues', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `s${i}`);
    const merged = mergeSharedIssues(
      names.map((n) => issue(`services.${n}.deploy.replicas`, `Bad replicas in service ${n} here.`)),
      names,
    );
    expect(merged).toHaveLength(1);
    expect(merged[0].message).toBe('Bad replicas in service s0 here. Services s1, s2, s3 and 4996 more share this definition.');
  });
});
