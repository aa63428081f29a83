import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { CommitInfoDto, StackSourceDto, StackSourceViewDto } from './source.dto.js';

const MAX_FILE = 512 * 1024;

/** Where a stack's Compose file comes from: pasted text or a file in a repository (exactly one). */
export class UpdateStackDto {
  @ApiPropertyOptional({ description: 'The Compose file as pasted (YAML); give this or `source`' })
  @ValidateIf((o: { source?: unknown }) => o.source === undefined)
  @IsString()
  @MaxLength(MAX_FILE)
  configuration?: string;

  @ApiPropertyOptional({ type: StackSourceDto, description: 'The Compose file in a repository; give this or `configuration`' })
  @ValidateIf((o: { configuration?: unknown }) => o.configuration === undefined)
  @IsDefined({ message: 'give either configuration (a pasted Compose file) or source (a repository)' })
  @ValidateNested()
  @Type(() => StackSourceDto)
  source?: StackSourceDto;
}

export class ValidateStackDto extends UpdateStackDto {
  @ApiPropertyOptional({
    example: 'blog',
    description: 'Left out or empty: only the file is checked (the editor validates before a name is typed)',
  })
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @MaxLength(63)
  name?: string;
}

export class CreateStackDto extends UpdateStackDto {
  @ApiProperty({ example: 'blog' })
  @IsString()
  @MinLength(1)
  @MaxLength(63)
  name: string;
}

export class ComposeIssueDto {
  @ApiProperty() message: string;
  @ApiProperty({ description: '1-based line in the pasted text' }) line: number;
  @ApiProperty({ description: '1-based column' }) column: number;
  @ApiProperty({ example: 'services.web.deploy.replicas' }) path: string;
  @ApiPropertyOptional({ example: 'deploy/compose.yaml', description: 'Git stacks: the file in the repository the line is in' })
  file?: string;
  @ApiPropertyOptional({ example: '4f2a9c1', description: 'Git stacks: the commit (short sha) the file was read at' })
  commit?: string;
}

export class ValidationResultDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: [ComposeIssueDto] }) errors: ComposeIssueDto[];
  @ApiProperty({ type: [ComposeIssueDto] }) warnings: ComposeIssueDto[];
  @ApiProperty({ type: String, nullable: true, description: 'What will be deployed (secret references unresolved)' }) rendered:
    string | null;
  @ApiPropertyOptional({ example: 'deploy/compose.yaml', description: 'Git stacks: the Compose file that was read' })
  file?: string;
  @ApiPropertyOptional({ type: CommitInfoDto, description: 'Git stacks: the commit it was read at' })
  commit?: CommitInfoDto;
}

export class TaskDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'blog_web.1' }) name: string;
  @ApiProperty() node: string;
  @ApiProperty({ example: 'running' }) state: string;
  @ApiProperty({ example: 'Running 5 seconds ago' }) currentState: string;
  @ApiProperty({ example: 'running' }) desiredState: string;
  @ApiProperty() error: string;
}

export class ServiceHealthDto {
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['healthy', 'unhealthy', 'starting', 'crash_loop'],
    description: 'null: no healthcheck and no crash loop (or no samples yet)',
  })
  state: 'healthy' | 'unhealthy' | 'starting' | 'crash_loop' | null;
  @ApiProperty({ type: String, nullable: true, example: 'Service web is unhealthy: curl: (7) Failed to connect to localhost port 80' })
  message: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the last health-check output Docker kept' }) output: string | null;
  @ApiProperty({ description: 'failed tasks Swarm still lists for the service' }) restarts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'exit code of the newest failed task' }) lastExitCode: number | null;
  @ApiProperty({ type: Date, nullable: true, description: 'when the open incident about it began' }) since: Date | null;
}

export class StackServiceDto {
  @ApiProperty({ example: 'web' }) name: string;
  @ApiProperty({ example: 'blog_web' }) fullName: string;
  @ApiProperty({ type: String, nullable: true }) image: string | null;
  @ApiProperty({ example: 'replicated' }) mode: string;
  @ApiProperty() replicasRunning: number;
  @ApiProperty() replicasDesired: number;
  @ApiProperty({ type: [String] }) domains: string[];
  @ApiProperty({ type: [TaskDto] }) tasks: TaskDto[];
  @ApiProperty({ type: ServiceHealthDto }) health: ServiceHealthDto;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sha256:3d83d3eafb56899d040717805a9b8c246fe8981ecaa298f19d005889b5994153',
    description: 'the image digest Swarm pinned the service to; null when it runs the tag unpinned',
  })
  digest: string | null;
}

/** A preview stack's request: what it shows, and of which stack. */
export class StackPreviewOfDto {
  @ApiProperty() parentId: string;
  @ApiProperty({ example: 'shop' }) parentName: string;
  @ApiProperty({ example: 42 }) number: number;
  @ApiProperty({ type: String, nullable: true, example: 'Checkout: one page' }) title: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'feature/checkout' }) branch: string | null;
  @ApiProperty({ type: String, nullable: true }) headSha: string | null;
  @ApiProperty({ description: 'the request comes from a fork' }) fork: boolean;
  @ApiProperty({ type: Date, nullable: true, description: 'the time to live counts from here' }) activeAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'when the preview will be torn down unless the request is pushed to' })
  expiresAt: Date | null;
}

export class StackDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['pending', 'deploying', 'running', 'failed', 'stopped'] }) status: string;
  @ApiProperty() configuration: string;
  @ApiProperty({ type: Date, nullable: true }) lastDeployedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: [StackServiceDto] }) services: StackServiceDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why live status could not be read, if it could not' })
  statusError: string | null;
  @ApiProperty({ type: StackSourceViewDto, nullable: true, description: 'null: a pasted stack' }) source: StackSourceViewDto | null;
  @ApiProperty({ type: CommitInfoDto, nullable: true, description: 'The commit of the newest succeeded (else newest) deployment' })
  commit: CommitInfoDto | null;
  @ApiProperty({ type: StackPreviewOfDto, nullable: true, description: 'null: not a preview' }) preview: StackPreviewOfDto | null;
}

export class StackSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: Date, nullable: true }) lastDeployedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: StackSourceViewDto, nullable: true, description: 'null: a pasted stack' }) source: StackSourceViewDto | null;
  @ApiProperty({ type: CommitInfoDto, nullable: true, description: 'The commit of the newest succeeded (else newest) deployment' })
  commit: CommitInfoDto | null;
  @ApiProperty({ type: StackPreviewOfDto, nullable: true, description: 'null: not a preview' }) preview: StackPreviewOfDto | null;
}

export class StackDiffDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Version of the last deployed configuration' }) deployedVersion: number | null;
  @ApiProperty() changed: boolean;
  @ApiProperty({ description: 'Unified diff: last deployed configuration -> current configuration' }) diff: string;
}
