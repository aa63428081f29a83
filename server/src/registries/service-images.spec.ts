import { describe, expect, it } from '@jest/globals';
import { parseServiceImages, pinnedDigest } from './service-images.js';

// `docker service inspect --format '{{.Spec.Name}}\t{{.Spec.TaskTemplate.ContainerSpec.Image}}'` on the
// test bed (Engine 26.1.5): good_app deployed with --resolve-image always from the private registry,
// missing_app a tag the registry lacks (not pinned), web a local image deployed with --resolve-image never
const DIGEST = 'sha256:5af6bfe676f632b2cbcab7579b9f0d4e40db79b7941d5bb2507b425c6c086fa4';
const OUT = `good_app\t10.77.0.11:5000/base/busybox:1@${DIGEST}\nmissing_app\t10.77.0.11:5000/base/busybox:nope\nweb\tlocal/busybox:1\n`;

describe('service images', () => {
  it('should read each service name and the image of its spec', () => {
    const images = parseServiceImages(`${OUT}Error: no such service: gone\n`);
    expect([...images.keys()]).toEqual(['good_app', 'missing_app', 'web']);
    expect(images.get('good_app')).toBe(`10.77.0.11:5000/base/busybox:1@${DIGEST}`);
  });

  it('should give the pinned digest, or null for an image run by tag', () => {
    const images = parseServiceImages(OUT);
    expect(pinnedDigest(images.get('good_app'))).toBe(DIGEST);
    expect(pinnedDigest(images.get('missing_app'))).toBeNull();
    expect(pinnedDigest(images.get('web'))).toBeNull();
    expect(pinnedDigest(undefined)).toBeNull();
    expect(pinnedDigest('app@sha256:abc')).toBeNull();
  });
});
