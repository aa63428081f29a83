import type { Tone } from '#lib/git/deliveries.ts';
import { t, type MessageKey } from '#lib/i18n/index.ts';
import type { CertificateStatus, DnsStatus, DomainShield } from '#lib/metrics/metrics.types.ts';

export interface ShieldLine {
  tone: Tone;
  label: string;
  /** plain words from Mission Control (the DNS comparison, Traefik's ACME error) */
  detail: string | null;
}

const DNS: Record<DnsStatus, { tone: Tone; label: MessageKey }> = {
  ok: { tone: 'good', label: 'shields.dns.ok' },
  elsewhere: { tone: 'bad', label: 'shields.dns.elsewhere' },
  unresolved: { tone: 'bad', label: 'shields.dns.unresolved' },
  unknown: { tone: 'idle', label: 'shields.dns.unknown' },
};

const CERTIFICATE: Record<CertificateStatus, { tone: Tone; label: MessageKey }> = {
  ok: { tone: 'good', label: 'shields.certificate.ok' },
  unknown: { tone: 'idle', label: 'shields.certificate.unknown' },
  dns: { tone: 'bad', label: 'shields.certificate.dns' },
  challenge: { tone: 'bad', label: 'shields.certificate.challenge' },
  rate_limited: { tone: 'busy', label: 'shields.certificate.rateLimited' },
  account: { tone: 'bad', label: 'shields.certificate.account' },
  error: { tone: 'bad', label: 'shields.certificate.error' },
};

/** DNS of one domain: where it points, compared with the cluster's nodes. */
export function dnsLine(shield: DomainShield): ShieldLine {
  const known = DNS[shield.dns.status] ?? DNS.unknown;
  const { addresses, nodes } = shield.dns;
  let detail = shield.dns.message;
  if (!detail && shield.dns.status === 'ok' && addresses.length > 0)
    detail = t('shields.dns.addresses', { addresses: addresses.join(', ') });
  if (!detail && shield.dns.status === 'elsewhere') {
    detail = t('shields.dns.elsewhereDetail', { addresses: addresses.join(', ') || '–', nodes: nodes.join(', ') || '–' });
  }
  return { tone: known.tone, label: t(known.label), detail };
}

/** The certificate as Traefik's ACME log tells it. */
export function certificateLine(shield: DomainShield): ShieldLine {
  const known = CERTIFICATE[shield.certificate.status] ?? CERTIFICATE.error;
  return { tone: known.tone, label: t(known.label), detail: shield.certificate.message };
}
