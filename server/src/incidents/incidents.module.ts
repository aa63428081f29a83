import { Module } from '@nestjs/common';

/** Watchers that turn what the Swarm shows into events: degraded and recovered services, failing healthchecks, crash loops, unreachable clusters, low disks. */
@Module({})
export class IncidentsModule {}
