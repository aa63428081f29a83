import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countSteps, failureLines, parsePushDigest } from './build-output.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

/** Captured on the test bed (Docker 26, buildx 0.13): `docker build --progress=plain -` then `docker push`. */
describe('build output', () => {
  describe(parsePushDigest.name, () => {
    it("should read the digest from the push's last line", () => {
      expect(parsePushDigest(fixture('buildkit-cold.txt'))).toBe('sha256:07201b0eb44ee41c24fcdd7f3e52c4ce52bb4e7c83f08854510ab5b60adb4365');
    });

    it('should take the last digest line and ignore image ids that are not after "digest:"', () => {
      const out = `writing image sha256:${'a'.repeat(64)} done\nv1: digest: sha256:${'b'.repeat(64)} size: 1\nv1: digest: sha256:${'c'.repeat(64)} size: 2\n`;
      expect(parsePushDigest(out)).toBe(`sha256:${'c'.repeat(64)}`);
      expect(parsePushDigest(`writing image sha256:${'a'.repeat(64)} done\n`)).toBeNull();
      expect(parsePushDigest('v1: digest: sha256:abc size: 1')).toBeNull();
    });
  });

  describe(countSteps.name, () => {
    it('should count the Dockerfile steps of a cold build, none cached, without the internal ones', () => {
      expect(countSteps(fixture('buildkit-cold.txt'))).toEqual({ totalSteps: 4, cachedSteps: 0 });
    });

    it('should count the cached steps of a rebuild with one changed file', () => {
      expect(countSteps(fixture('buildkit-rebuild.txt'))).toEqual({ totalSteps: 4, cachedSteps: 1 });
    });

    it('should count the steps of a failed build up to the one that failed', () => {
      expect(countSteps(fixture('buildkit-failed.txt'))).toEqual({ totalSteps: 5, cachedSteps: 3 });
    });

    it('should count named stages once each and not a CACHED line of a vertex that is no step', () => {
      const out = [
        '#3 [build 1/2] FROM node:22',
        '#4 [build 2/2] RUN npm ci',
        '#4 CACHED',
        '#5 [stage-1 1/1] COPY --from=build /a /a',
        '#9 CACHED',
      ].join('\n');
      expect(countSteps(out)).toEqual({ totalSteps: 3, cachedSteps: 1 });
    });

    it("should count the legacy builder's steps and its cache hits, without the step our --label adds", () => {
      // captured with buildx hidden from the node's docker, so `docker buildx version` failed
      expect(countSteps(fixture('legacy-rebuild.txt'))).toEqual({ totalSteps: 4, cachedSteps: 1 });
      expect(parsePushDigest(fixture('legacy-rebuild.txt'))).toBe(
        'sha256:704f7f0242d8d57cc89788dc16ede942a5031dafefa227cd077841f40121a4a8',
      );
    });
  });

  describe(failureLines.name, () => {
    it("should give BuildKit's failing step, what it printed, and the reason, without the Dockerfile excerpt", () => {
      const printed = fixture('buildkit-failed.txt').replace(
        ' > [5/5] RUN exit 3:\n',
        ' > [5/5] RUN exit 3:\n0.101 otter-check: the config is missing\n0.102 see /app/README\n',
      );
      expect(failureLines(printed).split('\n')).toEqual([
        '> [5/5] RUN exit 3:',
        '0.101 otter-check: the config is missing',
        '0.102 see /app/README',
        'ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      ]);
      // a step that printed nothing: its name and the reason
      expect(failureLines(fixture('buildkit-failed.txt')).split('\n')).toEqual([
        '> [5/5] RUN exit 3:',
        'ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      ]);
    });

    it('should keep only the last lines of a long step, and the ERROR line alone for a parse error', () => {
      const long = fixture('buildkit-failed.txt').replace(
        ' > [5/5] RUN exit 3:\n',
        ` > [5/5] RUN exit 3:\n${Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n')}\n`,
      );
      const lines = failureLines(long).split('\n');
      expect(lines).toHaveLength(8);
      expect(lines.slice(1, 3)).toEqual(['line 14', 'line 15']);
      const parse =
        'Dockerfile:4\n--------------------\n   4 | >>> FLY me\n--------------------\nERROR: failed to solve: dockerfile parse error on line 4: unknown instruction: FLY';
      expect(failureLines(parse)).toBe('ERROR: failed to solve: dockerfile parse error on line 4: unknown instruction: FLY');
    });

    it("should keep the legacy builder's last lines", () => {
      const legacy = "Step 3/3 : RUN exit 3\n ---> Running in 1a2b\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3";
      expect(failureLines(legacy, 2)).toBe(" ---> Running in 1a2b\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3");
    });
  });
});
