import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** git reads a leading "-" as an option, and ref names never hold whitespace or control characters. */
const REF_NAME = /^[^-\s\p{Cc}][^\s\p{Cc}]*$/u;
const REF_MESSAGE = 'must be a branch, tag or commit name (no spaces, not starting with -)';

/** Where a stack's Compose file comes from when it lives in a repository. */
export class StackSourceDto {
  @ApiProperty({ description: 'A repository added under /api/repositories' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  repositoryId: string;

  @ApiProperty({ example: 'main', description: 'The branch, tag or commit the stack follows' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Matches(REF_NAME, { message: REF_MESSAGE })
  ref: string;

  @ApiProperty({
    example: 'deploy/compose.yaml',
    description:
      'A Compose file, or a folder holding compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml (looked for in that order); "" or "." is the root',
  })
  @IsString()
  @MaxLength(1024)
  path: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'v*', description: 'Tags whose name matches this glob deploy too' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tagPattern?: string | null;

  @ApiPropertyOptional({ default: 60, description: 'Seconds between polls of the repository: 0 (off) or 10 to 86400' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  pollIntervalSeconds?: number;

  @ApiPropertyOptional({ default: true, description: 'Pushes and polls deploy; off: they are recorded and ignored' })
  @IsOptional()
  @IsBoolean()
  autoDeploy?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'A registry stored under /api/registries that images built from the repository (services with `build:`) are pushed to, as <registry>/<stack>/<service>:<commit>; null: none (a service with `build:` is refused). Left out when changing a stack: kept as it is.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  buildRegistryId?: string | null;
}

export class CommitInfoDto {
  @ApiProperty({ example: '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a' }) sha: string;
  @ApiProperty({ example: 'nginx: cache static files' }) subject: string;
  @ApiProperty({ example: 'Ada Lovelace' }) author: string;
  @ApiProperty() time: Date;
}

export class StackSourceViewDto {
  @ApiProperty() repositoryId: string;
  @ApiProperty() repositoryName: string;
  @ApiProperty({ description: 'The repository URL (never with credentials)' }) url: string;
  @ApiProperty({ example: 'main' }) ref: string;
  @ApiProperty({ example: 'deploy/compose.yaml', description: 'As the stack was given it: a file or a folder' }) path: string;
  @ApiProperty({ type: String, nullable: true }) tagPattern: string | null;
  @ApiProperty() pollIntervalSeconds: number;
  @ApiProperty() autoDeploy: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The registry images built from the repository are pushed to' })
  buildRegistryId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '10.77.0.11:5000', description: "That registry's URL" })
  buildRegistryUrl: string | null;
}

/** POST /api/stacks/:id/deploy: the body is optional. */
export class DeployStackDto {
  @ApiPropertyOptional({
    example: 'v1.4.0',
    description: 'Git stacks: a branch, tag or commit to deploy instead of the one the stack follows (a pasted stack has none)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Matches(REF_NAME, { message: REF_MESSAGE })
  ref?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    maxProperties: 50,
    example: { web: 'registry.example.com/shop/web:1.4.2' },
    description:
      'Pasted stacks: services whose `image:` to replace before deploying (comments and order kept; stored as a new configuration, one new version). Every name must be a service of the stack; a Git stack takes a commit or `ref` instead',
  })
  @IsOptional()
  @IsObject()
  images?: Record<string, string>;
}
