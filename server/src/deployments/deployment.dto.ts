import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { JobDto } from '../jobs/job.dto.js';

export class DeploymentDto {
  @ApiProperty() id: string;
  @ApiProperty() stackId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'timed_out'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() configuration: string;
  @ApiProperty({ description: 'The file sent to docker stack deploy (secret references unresolved)' }) rendered: string;
  @ApiProperty() deployedBy: string;
  @ApiProperty({ type: String, nullable: true }) rollbackOfId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) finishedAt: Date | null;
  @ApiProperty({ type: JobDto, nullable: true }) job: JobDto | null;
}

export class DeployAcceptedDto {
  @ApiProperty() deploymentId: string;
}

export class RollbackStackDto {
  @ApiProperty({ description: 'The deployment whose configuration to bring back' })
  @IsString()
  @MinLength(1)
  deploymentId: string;
}
