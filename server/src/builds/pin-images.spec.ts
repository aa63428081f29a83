import { pinBuiltImages } from './pin-images.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const file = `services:
  web:
    image: 10.77.0.11:5000/shop/web:abc
    deploy:
      replicas: 2
  db:
    image: postgres:17
`;

describe(pinBuiltImages.name, () => {
  it("should pin each built service's tag to its digest and leave the others", () => {
    const out = pinBuiltImages(file, [{ service: 'web', image: '10.77.0.11:5000/shop/web:abc', digest: DIGEST }]);
    expect(out).toContain(`image: 10.77.0.11:5000/shop/web:abc@${DIGEST}`);
    expect(out).toContain('image: postgres:17');
    expect(out).toContain('replicas: 2');
  });

  it('should leave the file alone without a digest, and a service whose image is not the built tag', () => {
    expect(pinBuiltImages(file, [{ service: 'web', image: '10.77.0.11:5000/shop/web:abc', digest: null }])).toBe(file);
    expect(pinBuiltImages(file, [{ service: 'db', image: 'elsewhere/db:1', digest: DIGEST }])).not.toContain(DIGEST);
  });
});
