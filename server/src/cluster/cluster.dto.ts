import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, ValidateIf } from 'class-validator';

export class UpdateClusterDto {
  @ApiPropertyOptional({ example: 'ops@example.com', description: 'E-mail for Let’s Encrypt; empty to clear' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address such as ops@example.com' })
  acmeEmail?: string;
}

export class UpdateBuildServerDto {
  @ApiProperty({ type: String, nullable: true, description: 'A server of the cluster with Docker; null: the first manager builds' })
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: 'must be a server id, or null for the first manager' })
  serverId: string | null;
}

export class BuildServerRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ClusterNodeDto {
  @ApiProperty() id: string;
  @ApiProperty() hostname: string;
  @ApiProperty() status: string;
  @ApiProperty() availability: string;
  @ApiProperty({ description: 'Leader, Reachable, Unreachable, or empty for workers' }) managerStatus: string;
  @ApiProperty() engineVersion: string;
}

export class TraefikStateDto {
  @ApiProperty({ enum: ['pending', 'deploying', 'deployed', 'failed'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() image: string;
}

export class ClusterDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) swarmId: string | null;
  @ApiProperty({ type: String, nullable: true }) acmeEmail: string | null;
  @ApiProperty({ enum: ['empty', 'ok', 'unreachable'] }) status: string;
  @ApiProperty({ type: TraefikStateDto }) traefik: TraefikStateDto;
  @ApiProperty({ type: [String], description: 'Manager server ids in the order they are tried' }) managers: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The chosen build server; null: the first manager builds' })
  buildServerId: string | null;
  @ApiProperty({ type: BuildServerRefDto, nullable: true, description: 'The server that will build images (null: no server yet)' })
  buildServer: BuildServerRefDto | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'With refresh: the manager that answered' }) managerInUse?:
    string | null;
  @ApiPropertyOptional({ type: [ClusterNodeDto], description: 'With refresh: docker node ls from a manager' }) nodes?: ClusterNodeDto[];
}
