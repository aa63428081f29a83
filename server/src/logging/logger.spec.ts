import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('should redact secret fields at every depth we log', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => void lines.push(l) });
    log.info(
      {
        privateKey: 'KEY-1',
        server: { passphrase: 'PASS-2', name: 'outpost-1' },
        body: { registry: { password: 'PW-3' } },
        req: { headers: { authorization: 'Bearer TOKEN-4' } },
      },
      'adding',
    );
    const out = lines.join('\n');
    for (const secret of ['KEY-1', 'PASS-2', 'PW-3', 'TOKEN-4']) expect(out).not.toContain(secret);
    expect(out).toContain('outpost-1');
    expect(out).toContain('[redacted]');
  });
});
