import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SCOPES, type ScopeName } from '../auth/scope.js';
import { DOCKER_NAME } from '../common/validators.js';

export class CreateTokenDto {
  @ApiProperty({ example: 'ci-shop', description: 'Unique; 1-64 letters, digits, dots, dashes or underscores.' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  name: string;

  @ApiProperty({
    enum: SCOPES,
    isArray: true,
    example: ['deploy'],
    description: 'read: every GET; deploy: the stack routes a pipeline needs; admin: everything.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'needs at least one scope: read, deploy or admin' })
  @IsIn(SCOPES, { each: true, message: 'must each be read, deploy or admin' })
  scopes: ScopeName[];

  @ApiPropertyOptional({
    type: [String],
    example: ['shop'],
    description: 'Only with the deploy scope: the stack names it may deploy. Left out: every stack.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'leave stacks out for every stack, or name at least one' })
  @ArrayMaxSize(100)
  @Matches(DOCKER_NAME, { each: true, message: 'must each be a stack name' })
  stacks?: string[];

  @ApiPropertyOptional({ example: 90, description: 'Days until the token stops working (1-3650). Left out: it never expires.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class TokenDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'ci-shop' }) name: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes: ScopeName[];
  @ApiProperty({ type: [String], nullable: true, description: 'The stacks the deploy scope is limited to; null: every stack.' })
  stacks: string[] | null;
  @ApiProperty({ example: 'q3Xk9_aB', description: 'The first characters after otn_, to tell tokens apart.' }) prefix: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) expiresAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) revokedAt: Date | null;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({ example: 'otn_q3Xk9_aB…', description: 'Shown this once: Mission Control keeps only its hash.' })
  token: string;
}

export class LoginDto {
  @ApiProperty({ description: 'An API token or OTTERNAUTS_ADMIN_TOKEN.', writeOnly: true })
  @IsString()
  @MaxLength(512)
  token: string;
}

export class SessionDto {
  @ApiProperty({
    enum: ['open', 'token'],
    description: 'open: no admin token is set (loopback only); token: every call needs a credential.',
  })
  mode: 'open' | 'token';
  @ApiProperty({ example: 'ci-shop', description: 'The token\'s name, "admin token", or "open".' }) name: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes: ScopeName[];
  @ApiProperty({ type: [String], nullable: true }) stacks: string[] | null;
  @ApiProperty({ enum: ['none', 'bearer', 'session'] }) via: 'none' | 'bearer' | 'session';
  @ApiProperty({ type: Date, nullable: true }) expiresAt: Date | null;
}
