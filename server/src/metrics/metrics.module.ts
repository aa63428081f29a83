import { Module } from '@nestjs/common';

/** Agentless metrics: one sampling command per server per interval, series in SQLite with downsampling. */
@Module({})
export class MetricsModule {}
