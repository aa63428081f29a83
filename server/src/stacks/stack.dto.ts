import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const MAX_FILE = 512 * 1024;

export class ValidateStackDto {
  @ApiPropertyOptional({
    example: 'blog',
    description: 'Left out or empty: only the file is checked (the editor validates before a name is typed)',
  })
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @MaxLength(63)
  name?: string;

  @ApiProperty({ description: 'The Compose file as pasted (YAML)' })
  @IsString()
  @MaxLength(MAX_FILE)
  configuration: string;
}

export class CreateStackDto {
  @ApiProperty({ example: 'blog' })
  @IsString()
  @MinLength(1)
  @MaxLength(63)
  name: string;

  @ApiProperty({ description: 'The Compose file as pasted (YAML)' })
  @IsString()
  @MaxLength(MAX_FILE)
  configuration: string;
}

export class UpdateStackDto {
  @ApiProperty({ description: 'The Compose file as pasted (YAML)' })
  @IsString()
  @MaxLength(MAX_FILE)
  configuration: string;
}

export class ComposeIssueDto {
  @ApiProperty() message: string;
  @ApiProperty({ description: '1-based line in the pasted text' }) line: number;
  @ApiProperty({ description: '1-based column' }) column: number;
  @ApiProperty({ example: 'services.web.deploy.replicas' }) path: string;
}

export class ValidationResultDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: [ComposeIssueDto] }) errors: ComposeIssueDto[];
  @ApiProperty({ type: [ComposeIssueDto] }) warnings: ComposeIssueDto[];
  @ApiProperty({ type: String, nullable: true, description: 'What will be deployed (secret references unresolved)' }) rendered:
    string | null;
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

export class StackServiceDto {
  @ApiProperty({ example: 'web' }) name: string;
  @ApiProperty({ example: 'blog_web' }) fullName: string;
  @ApiProperty({ type: String, nullable: true }) image: string | null;
  @ApiProperty({ example: 'replicated' }) mode: string;
  @ApiProperty() replicasRunning: number;
  @ApiProperty() replicasDesired: number;
  @ApiProperty({ type: [String] }) domains: string[];
  @ApiProperty({ type: [TaskDto] }) tasks: TaskDto[];
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
}

export class StackSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: Date, nullable: true }) lastDeployedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class StackDiffDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Version of the last deployed configuration' }) deployedVersion: number | null;
  @ApiProperty() changed: boolean;
  @ApiProperty({ description: 'Unified diff: last deployed configuration -> current configuration' }) diff: string;
}
