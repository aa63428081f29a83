import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { JobDto } from '../jobs/job.dto.js';
import {
  FINGERPRINT,
  FINGERPRINT_MESSAGE,
  HOST,
  HOST_MESSAGE,
  SERVER_NAME,
  SERVER_NAME_MESSAGE,
  UNIX_USER,
  UNIX_USER_MESSAGE,
} from '../common/validators.js';

export class ScanServerDto {
  @ApiProperty({ example: '203.0.113.10' })
  @IsString()
  @Matches(HOST, { message: HOST_MESSAGE })
  hostname: string;

  @ApiPropertyOptional({ default: 22 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;
}

export class ScanResultDto {
  @ApiProperty() hostname: string;
  @ApiProperty() port: number;
  @ApiProperty({ example: 'ssh-ed25519' }) keyType: string;
  @ApiProperty({ example: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' }) fingerprint: string;
}

export class CreateServerDto extends ScanServerDto {
  @ApiProperty({ example: 'outpost-1' })
  @IsString()
  @Matches(SERVER_NAME, { message: SERVER_NAME_MESSAGE })
  name: string;

  @ApiProperty({ example: 'root' })
  @IsString()
  @Matches(UNIX_USER, { message: UNIX_USER_MESSAGE })
  sshUser: string;

  @ApiProperty({ description: 'OpenSSH or PEM private key (ed25519, RSA, ECDSA); stored encrypted, never returned.', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(32768)
  privateKey: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  passphrase?: string;

  @ApiProperty({ description: 'The fingerprint the user confirmed after POST /api/servers/scan' })
  @IsString()
  @Matches(FINGERPRINT, { message: FINGERPRINT_MESSAGE })
  fingerprint: string;

  @ApiPropertyOptional({ enum: ['manager', 'worker'], description: 'The first server is always a manager' })
  @IsOptional()
  @IsIn(['manager', 'worker'])
  role?: 'manager' | 'worker';

  @ApiPropertyOptional({ description: 'Address other nodes reach this one at (default: the hostname, resolved)' })
  @IsOptional()
  @IsString()
  @Matches(HOST, { message: HOST_MESSAGE })
  advertiseAddress?: string;
}

export class UpdateFingerprintDto {
  @ApiProperty()
  @IsString()
  @Matches(FINGERPRINT, { message: FINGERPRINT_MESSAGE })
  fingerprint: string;
}

export class ProvisionServerDto {
  @ApiPropertyOptional({ description: 'Leave the Swarm the server is already in (its services there stop running on it)' })
  @IsOptional()
  @IsBoolean()
  leaveExistingSwarm?: boolean;
}

export class PreflightResultDto {
  @ApiProperty({ example: 'docker' }) check: string;
  @ApiProperty({ enum: ['pass', 'warn', 'fail'] }) status: 'pass' | 'warn' | 'fail';
  @ApiProperty() message: string;
}

export class ServerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() hostname: string;
  @ApiProperty() port: number;
  @ApiProperty() sshUser: string;
  @ApiProperty({ enum: ['manager', 'worker'] }) role: string;
  @ApiProperty({ type: String, nullable: true }) advertiseAddress: string | null;
  @ApiProperty({ enum: ['pending', 'provisioning', 'ready', 'failed', 'unreachable'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: [PreflightResultDto] }) preflight: PreflightResultDto[];
  @ApiProperty({ type: String, nullable: true }) os: string | null;
  @ApiProperty({ type: String, nullable: true }) dockerVersion: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['manager', 'worker'] }) swarmRole: string | null;
  @ApiProperty({ type: String, nullable: true }) swarmNodeId: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastSeenAt: Date | null;
  @ApiProperty() fingerprint: string;
  @ApiProperty({ type: String, nullable: true }) hostKeyType: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiPropertyOptional({ type: JobDto, nullable: true, description: 'The latest onboarding job' })
  job: JobDto | null;
}
