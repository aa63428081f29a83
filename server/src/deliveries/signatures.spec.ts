import { createHmac } from 'node:crypto';
import { verifySignature } from './signatures.js';

const SECRET = 'a-webhook-secret-of-decent-length';
const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', after: 'a'.repeat(40) }, null, 2));
const hex = (secret: string, bytes: Buffer) => createHmac('sha256', secret).update(bytes).digest('hex');

describe(verifySignature.name, () => {
  it("should accept GitHub's documented example signature", () => {
    // docs.github.com, "Validating webhook deliveries": the test values GitHub publishes
    const payload = Buffer.from('Hello, World!');
    const headers = { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };
    expect(verifySignature('github', headers, payload, "It's a Secret to Everybody")).toBe('valid');
    expect(verifySignature('github', headers, payload, "It's a secret to everybody")).toBe('invalid');
  });

  it.each([
    ['github', 'x-hub-signature-256', (s: string, b: Buffer) => `sha256=${hex(s, b)}`],
    ['generic', 'x-otternauts-signature', (s: string, b: Buffer) => `sha256=${hex(s, b)}`],
    ['gitea', 'x-gitea-signature', hex],
    ['forgejo', 'x-forgejo-signature', hex],
  ] as const)('should check %s HMACs over the raw bytes', (provider, name, sign) => {
    expect(verifySignature(provider, { [name]: sign(SECRET, body) }, body, SECRET)).toBe('valid');
    // the same JSON, re-serialised: other bytes, so another signature
    const reparsed = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(verifySignature(provider, { [name]: sign(SECRET, body) }, reparsed, SECRET)).toBe('invalid');
    expect(verifySignature(provider, { [name]: sign('another secret', body) }, body, SECRET)).toBe('invalid');
    expect(verifySignature(provider, {}, body, SECRET)).toBe('missing');
    expect(verifySignature(provider, { [name]: '' }, body, SECRET)).toBe('missing');
  });

  it.each([
    ['a truncated digest', `sha256=${hex(SECRET, body).slice(0, 63)}`],
    ['a longer digest', `sha256=${hex(SECRET, body)}00`],
    ['non-hex characters', `sha256=${'z'.repeat(64)}`],
    ['the sha1 form', `sha1=${hex(SECRET, body)}`],
    ['no algorithm prefix', hex(SECRET, body)],
    ['the header sent twice', [`sha256=${hex(SECRET, body)}`, `sha256=${hex(SECRET, body)}`]],
  ])('should call %s a mismatch without throwing', (_what, value) => {
    expect(verifySignature('github', { 'x-hub-signature-256': value }, body, SECRET)).toBe('invalid');
  });

  it("should compare GitLab's token, whatever its length", () => {
    expect(verifySignature('gitlab', { 'x-gitlab-token': SECRET }, body, SECRET)).toBe('valid');
    expect(verifySignature('gitlab', { 'x-gitlab-token': SECRET.slice(0, -1) }, body, SECRET)).toBe('invalid');
    expect(verifySignature('gitlab', { 'x-gitlab-token': `${SECRET}x` }, body, SECRET)).toBe('invalid');
    expect(verifySignature('gitlab', {}, body, SECRET)).toBe('missing');
  });

  it("should not take a provider's signature in another provider's header", () => {
    const headers = { 'x-gitea-signature': hex(SECRET, body) };
    expect(verifySignature('github', headers, body, SECRET)).toBe('missing');
    expect(verifySignature('gitea', { 'x-gitea-signature': `sha256=${hex(SECRET, body)}` }, body, SECRET)).toBe('invalid');
  });
});
