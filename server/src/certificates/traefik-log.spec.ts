import { parseTraefikLine } from './traefik-log.js';

describe('parseTraefikLine', () => {
  it('should read the v3 common format with the caller Traefik adds at debug level (traefik/traefik#10788 shape)', () => {
    const line =
      '2024-06-05T17:29:24Z ERR github.com/traefik/traefik/v3/pkg/provider/acme/provider.go:396 > Unable to obtain ACME certificate for domains error="unable to generate a certificate for the domains [example.com]: acme: error presenting token" ACME CA=https://acme-v02.api.letsencrypt.org/directory domains=["example.com"] providerName=dnsimple.acme';
    expect(parseTraefikLine(line)).toEqual({
      time: '2024-06-05T17:29:24Z',
      level: 'error',
      message: 'Unable to obtain ACME certificate for domains',
      fields: {
        error: 'unable to generate a certificate for the domains [example.com]: acme: error presenting token',
        'ACME CA': 'https://acme-v02.api.letsencrypt.org/directory',
        domains: ['example.com'],
        providerName: 'dnsimple.acme',
      },
    });
  });

  it("should read a v3 renewal error, whose domains are only in the message (Msgf of Traefik's types.Domain)", () => {
    const parsed = parseTraefikLine(
      '2025-01-02T03:04:05Z ERR Error renewing ACME certificate: {Main:shop.example.com SANs:[]} error="acme: error: 400 :: urn:ietf:params:acme:error:dns :: DNS problem: SERVFAIL looking up A for shop.example.com" providerName=letsencrypt.acme',
    );
    expect(parsed.message).toBe('Error renewing ACME certificate: {Main:shop.example.com SANs:[]}');
    expect(parsed.fields.error).toContain('SERVFAIL');
  });

  it('should keep a line it cannot read as the message', () => {
    expect(parseTraefikLine('{not json')).toEqual({ time: null, level: null, message: '{not json', fields: {} });
  });
});
