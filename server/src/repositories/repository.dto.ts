import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { FINGERPRINT, FINGERPRINT_MESSAGE } from '../common/validators.js';

/** What a user calls a repository: shown in lists and in the deploy key's comment. */
export const REPOSITORY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9 ._-]{0,61}[A-Za-z0-9._-])?$/;
export const REPOSITORY_NAME_MESSAGE =
  'must be 1-63 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit and not ending with a space';

/**
 * A token as a Git host prints it: it travels in one environment variable to git's askpass,
 * so whitespace or control characters (a pasted line break) would corrupt it silently.
 */
export const TOKEN = /^[\x21-\x7e]+$/;
export const TOKEN_MESSAGE = 'must be the token exactly as the Git host shows it: printable characters, no spaces or line breaks';

/** HTTP Basic puts `user:token` together: a colon in the user would move the split. */
export const TOKEN_USERNAME = /^[\x21-\x39\x3b-\x7e]{1,128}$/;
export const TOKEN_USERNAME_MESSAGE = 'must be a user name of at most 128 printable characters, without spaces or colons (GitLab: oauth2)';

export const ACCESS_KINDS = ['public', 'deploy_key', 'token'] as const;
export type RepositoryAccess = (typeof ACCESS_KINDS)[number];

export class ScanRepositoryDto {
  @ApiProperty({ example: 'git@github.com:acme/shop.git', description: 'An SSH repository URL (ssh://… or user@host:path)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url: string;
}

export class RepositoryScanResultDto {
  @ApiProperty({ example: 'github.com' }) host: string;
  @ApiProperty({ example: 22 }) port: number;
  @ApiProperty({ example: 'ssh-ed25519' }) keyType: string;
  @ApiProperty({ example: 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU' }) fingerprint: string;
}

export class CreateRepositoryDto {
  @ApiProperty({ example: 'shop' })
  @IsString()
  @Matches(REPOSITORY_NAME, { message: REPOSITORY_NAME_MESSAGE })
  name: string;

  @ApiProperty({
    example: 'https://github.com/acme/shop.git',
    description: 'https://…, ssh://user@host[:port]/path or user@host:path; never with credentials (use token)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url: string;

  @ApiProperty({
    enum: ACCESS_KINDS,
    description: 'https: public or token; ssh: deploy_key (Mission Control generates the key pair)',
  })
  @IsIn(ACCESS_KINDS)
  access: RepositoryAccess;

  @ApiPropertyOptional({ description: 'access token: an HTTPS access token, stored encrypted, never returned', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(TOKEN, { message: TOKEN_MESSAGE })
  token?: string;

  @ApiPropertyOptional({ example: 'oauth2', description: 'access token: the user name sent with it (GitLab wants oauth2)' })
  @IsOptional()
  @IsString()
  @Matches(TOKEN_USERNAME, { message: TOKEN_USERNAME_MESSAGE })
  tokenUsername?: string;

  @ApiPropertyOptional({ description: 'SSH URLs: the host key fingerprint the user confirmed after POST /api/repositories/scan' })
  @IsOptional()
  @IsString()
  @Matches(FINGERPRINT, { message: FINGERPRINT_MESSAGE })
  fingerprint?: string;
}

export class UpdateRepositoryDto {
  @ApiPropertyOptional({
    description: 'A new HTTPS access token (a public https repository becomes access token); stored encrypted, never returned',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(TOKEN, { message: TOKEN_MESSAGE })
  token?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'oauth2',
    description: 'The user name sent with the token; null clears it',
  })
  @IsOptional()
  @IsString()
  @Matches(TOKEN_USERNAME, { message: TOKEN_USERNAME_MESSAGE })
  tokenUsername?: string | null;
}

export class UpdateHostKeyDto {
  @ApiProperty({ description: 'The fingerprint the Git host presents now, as the user compared it' })
  @IsString()
  @Matches(FINGERPRINT, { message: FINGERPRINT_MESSAGE })
  fingerprint: string;
}

export class SetupGuideDto {
  @ApiProperty({ enum: ['github', 'gitlab', 'gitea', 'generic'], description: 'gitea covers Forgejo too' }) provider: string;
  @ApiProperty({ example: 'GitHub' }) title: string;
  @ApiProperty({ type: [String] }) steps: string[];
}

export class RepositoryStackDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class RepositoryDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'What git is given; never with credentials' }) url: string;
  @ApiProperty({ enum: ['https', 'ssh'] }) kind: 'https' | 'ssh';
  @ApiProperty({ example: 'github.com' }) host: string;
  @ApiProperty({ enum: ACCESS_KINDS }) access: string;
  @ApiProperty({ type: String, nullable: true, description: 'The public half of the deploy key, one OpenSSH line, to add at the Git host' })
  deployKeyPublic: string | null;
  @ApiProperty({ type: [SetupGuideDto], description: 'Where to add the deploy key, read-only, per provider (empty unless deploy_key)' })
  deployKeySetup: SetupGuideDto[];
  @ApiProperty({ type: [SetupGuideDto], description: 'Which token to make, read-only, per provider (empty for SSH repositories)' })
  tokenSetup: SetupGuideDto[];
  @ApiProperty({ type: String, nullable: true }) hostKeyFingerprint: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ssh-ed25519' }) hostKeyType: string | null;
  @ApiProperty({ description: 'A token is stored (it is never returned)' }) hasToken: boolean;
  @ApiProperty({ type: String, nullable: true }) tokenUsername: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastFetchedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: [RepositoryStackDto], description: 'Stacks deployed from this repository' }) stacks: RepositoryStackDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class RepositoryRefDto {
  @ApiProperty({ example: 'main' }) name: string;
  @ApiProperty({ example: '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a', description: 'The commit (tags: peeled to their commit)' })
  sha: string;
}

export class RepositoryCheckDto {
  @ApiProperty({ description: 'The fetch worked' }) ok: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'main', description: 'The branch the remote HEAD points at' })
  head?: string | null;
  @ApiPropertyOptional({ type: [RepositoryRefDto] }) branches?: RepositoryRefDto[];
  @ApiPropertyOptional({ type: [RepositoryRefDto] }) tags?: RepositoryRefDto[];
  @ApiPropertyOptional({ description: 'More branches or tags than listed (the first ones by name are listed)' }) truncated?: boolean;
  @ApiPropertyOptional({ description: 'Why the fetch failed, in plain words' }) error?: string;
}

export class RepositoryFilesQueryDto {
  @ApiProperty({ example: 'main', description: 'A branch, tag or commit' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  // a ref that starts with '-' would read as an option; control characters and spaces are never in a ref
  @Matches(/^[^-\s\p{Cc}][^\s\p{Cc}]*$/u, { message: 'must be a branch, tag or commit name (no spaces, not starting with -)' })
  ref: string;
}

export class RepositoryCommitDto {
  @ApiProperty({ example: '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a' }) sha: string;
  @ApiProperty({ example: 'nginx: cache static files' }) subject: string;
  @ApiProperty({ example: 'Ada Lovelace' }) author: string;
  @ApiProperty() time: Date;
}

export class RepositoryFilesDto {
  @ApiProperty({ type: RepositoryCommitDto }) commit: RepositoryCommitDto;
  @ApiProperty({
    type: [String],
    example: ['compose.yaml', 'deploy/compose.yaml', '.github/workflows/ci.yml'],
    description:
      '*.yml and *.yaml paths: compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml first (shallowest first), then the others',
  })
  composeFiles: string[];
  @ApiProperty({ description: 'More YAML files than listed' }) truncated: boolean;
}
