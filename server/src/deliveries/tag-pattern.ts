import picomatch from 'picomatch';

/**
 * A tag pattern such as `v*` or `v1.*` is a glob; picomatch reads it the way people expect
 * from shells (and keeps `*` from crossing a `/`, so `v*` does not take `release/v1`).
 */
export function tagMatches(pattern: string, tag: string): boolean {
  return picomatch.isMatch(tag, pattern, { dot: true, nobrace: false });
}
