import { baseImagesOf } from './base-images.js';

describe(baseImagesOf.name, () => {
  it('should list the images a Dockerfile builds from, not its earlier stages or scratch', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM registry.example.com/base/node:22 AS build',
      'RUN npm ci',
      'from build as test',
      'FROM scratch AS empty',
      'FROM 10.77.0.11:5000/base/busybox:1',
      'COPY --from=build /app /app',
      'FROM build',
    ].join('\n');
    expect(baseImagesOf(dockerfile)).toEqual(['registry.example.com/base/node:22', '10.77.0.11:5000/base/busybox:1']);
  });

  it('should follow a continued line and skip a registry it cannot know before the build', () => {
    expect(baseImagesOf('FROM \\\n  ghcr.io/otto/app:1\nFROM ${REGISTRY}/app:2\nFROM node:${VERSION}\n')).toEqual([
      'ghcr.io/otto/app:1',
      'node:${VERSION}',
    ]);
  });
});
