import { Module } from '@nestjs/common';

/** Shields told the truth: domains' DNS against the cluster's addresses, and Traefik's ACME errors in plain words. */
@Module({})
export class CertificatesModule {}
