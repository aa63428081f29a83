import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { JobDto } from '../jobs/job.dto.js';
import { CommitInfoDto } from '../stacks/source.dto.js';

/** preview: a pull/merge request's head commit, deployed as a preview stack */
export const TRIGGERS = ['manual', 'push', 'poll', 'rollback', 'api', 'preview'] as const;
export type Trigger = (typeof TRIGGERS)[number];

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
  @ApiProperty({
    enum: TRIGGERS,
    description: 'manual: the dashboard; api: another client; push: a webhook; poll: polling saw a new commit; rollback',
  })
  trigger: Trigger;
  @ApiProperty({ type: String, nullable: true, example: 'main', description: 'Git stacks: the ref the commit was resolved from' })
  ref: string | null;
  @ApiProperty({ type: CommitInfoDto, nullable: true, description: 'Git stacks: the commit deployed' }) commit: CommitInfoDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'deploy/compose.yaml',
    description: "Git stacks: the Compose file's path at that commit",
  })
  composePath: string | null;
  @ApiProperty({
    type: [String],
    description: 'Git stacks: repository paths of the files sent beside the Compose file (configs, secrets, env_file)',
  })
  files: string[];
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
