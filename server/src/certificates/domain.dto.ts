import { ApiProperty } from '@nestjs/swagger';

const DNS_STATUSES = ['ok', 'elsewhere', 'unresolved', 'unknown'];
const CERTIFICATE_STATUSES = ['unknown', 'ok', 'dns', 'challenge', 'rate_limited', 'account', 'error'];

export class DomainDnsDto {
  @ApiProperty({
    enum: DNS_STATUSES,
    description: 'ok: every address is a node; elsewhere: resolves, not (only) to nodes; unresolved: no address; unknown: not checked yet',
  })
  status: string;
  @ApiProperty({ type: [String], example: ['203.0.113.9'], description: 'what the domain resolved to, from a manager' })
  addresses: string[];
  @ApiProperty({ type: [String], example: ['10.77.0.11', '10.77.0.12'], description: "the cluster nodes' addresses it was compared with" })
  nodes: string[];
  @ApiProperty({ type: Date, nullable: true }) checkedAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node (it resolves to 203.0.113.9; the nodes are 10.77.0.11)',
  })
  message: string | null;
}

export class DomainCertificateDto {
  @ApiProperty({ enum: CERTIFICATE_STATUSES, description: "from Traefik's ACME errors in its logs; unknown: no error seen" })
  status: string;
  @ApiProperty({ type: String, nullable: true, description: 'the error in plain words' }) message: string | null;
  @ApiProperty({ type: Date, nullable: true, description: "rate limits: Let's Encrypt's retry time" }) retryAfter: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'when Traefik last logged the error' }) seenAt: Date | null;
}

export class StackDomainDto {
  @ApiProperty({ example: 'shop.example.com' }) domain: string;
  @ApiProperty({ example: 'web', description: 'the service it leads to' }) service: string;
  @ApiProperty({ type: DomainDnsDto }) dns: DomainDnsDto;
  @ApiProperty({ type: DomainCertificateDto }) certificate: DomainCertificateDto;
}

export class StackDomainsDto {
  @ApiProperty({ type: [StackDomainDto] }) domains: StackDomainDto[];
}
