import { describe, expect, it } from '@jest/globals';
import { copyText } from './clipboard.ts';

describe('copyText', () => {
  it('should write the text and say so', async () => {
    const written: string[] = [];
    await expect(copyText('ssh-ed25519 AAAA otternauts', { writeText: async (t) => void written.push(t) })).resolves.toBe(true);
    expect(written).toEqual(['ssh-ed25519 AAAA otternauts']);
  });

  it('should answer false without a clipboard or when the browser refuses', async () => {
    await expect(copyText('x', undefined)).resolves.toBe(false);
    await expect(copyText('x', { writeText: () => Promise.reject(new Error('NotAllowedError')) })).resolves.toBe(false);
  });
});
