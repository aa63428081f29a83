import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RANGES } from './metric-series.js';

export class MetricsQueryDto {
  @ApiPropertyOptional({ enum: RANGES, default: '1h', description: '1h reads raw samples, 24h one-minute points, 7d quarter-hour points' })
  @IsOptional()
  @IsIn(RANGES, { message: 'must be 1h, 24h or 7d' })
  range?: (typeof RANGES)[number];

  @ApiPropertyOptional({ enum: ['0', '1'], description: '1: a page shows this, so sample it every live interval for a while' })
  @IsOptional()
  @IsIn(['0', '1'], { message: 'must be 1 (watch while shown) or 0' })
  live?: '0' | '1';
}

export class ServerPointDto {
  @ApiProperty() at: Date;
  @ApiProperty({ type: Number, nullable: true, description: 'share of all cores, 0 to 100; null on the first sample' })
  cpuPercent: number | null;
  @ApiProperty() cpuCount: number;
  @ApiProperty() memoryUsedBytes: number;
  @ApiProperty() memoryTotalBytes: number;
  @ApiProperty() load1: number;
  @ApiProperty({ description: "free bytes of the file system holding Docker's data directory" }) diskFreeBytes: number;
  @ApiProperty() diskTotalBytes: number;
}

export class ServerSeriesDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: ServerPointDto, nullable: true, description: 'the newest sample (also between stored points)' })
  latest: ServerPointDto | null;
  @ApiProperty({ type: [ServerPointDto] }) points: ServerPointDto[];
}

export class ServersMetricsDto {
  @ApiProperty({ enum: RANGES }) range: string;
  @ApiProperty({ description: 'seconds between points: the sampling interval for 1h, 60 for 24h, 900 for 7d' })
  resolutionSeconds: number;
  @ApiProperty({ type: [ServerSeriesDto] }) servers: ServerSeriesDto[];
}

export class ServerMetricsDto {
  @ApiProperty({ enum: RANGES }) range: string;
  @ApiProperty() resolutionSeconds: number;
  @ApiProperty({ type: ServerSeriesDto }) server: ServerSeriesDto;
}

export class ServicePointDto {
  @ApiProperty({ description: 'start of the bucket' }) at: Date;
  @ApiProperty({ description: 'percent of one core, as docker stats counts it (two busy cores: 200)' }) cpuPercent: number;
  @ApiProperty({ description: 'working set: usage minus inactive file cache' }) memoryBytes: number;
  @ApiProperty() containers: number;
}

export class ServiceNodeSeriesDto {
  @ApiProperty() serverId: string;
  @ApiProperty() serverName: string;
  @ApiProperty({ type: [ServicePointDto] }) points: ServicePointDto[];
}

export class ServiceSeriesDto {
  @ApiProperty({ example: 'web' }) name: string;
  @ApiProperty({ example: 'shop_web' }) fullName: string;
  @ApiProperty({ type: [ServicePointDto], description: 'summed across servers per bucket' }) points: ServicePointDto[];
  @ApiProperty({ type: [ServiceNodeSeriesDto], description: 'per server' }) nodes: ServiceNodeSeriesDto[];
}

export class StackRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class StackMetricsDto {
  @ApiProperty({ enum: RANGES }) range: string;
  @ApiProperty() resolutionSeconds: number;
  @ApiProperty({ type: StackRefDto }) stack: StackRefDto;
  @ApiProperty({ type: [ServiceSeriesDto] }) services: ServiceSeriesDto[];
}

export class SamplerServerDto {
  @ApiProperty() serverId: string;
  @ApiProperty() serverName: string;
  @ApiProperty({ description: 'samples taken since Mission Control started' }) samples: number;
  @ApiProperty({ description: 'SSH commands the sampler ran on this server (one per sample attempt)' }) commands: number;
  @ApiProperty({ type: Date, nullable: true }) lastSampleAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['cgroup2', 'cgroup1', 'docker-stats'],
    description: 'where most container figures came from',
  })
  source: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'sampled every live interval until then' }) watchedUntil: Date | null;
}

export class SamplerDto {
  @ApiProperty() intervalSeconds: number;
  @ApiProperty() liveIntervalSeconds: number;
  @ApiProperty({ type: [SamplerServerDto] }) servers: SamplerServerDto[];
}
