import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export const PREVIEW_LIMIT_MAX = 50;

export class PreviewDeploymentDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'timed_out'] }) status: string;
}

export class PreviewDto {
  @ApiProperty({ description: "the preview's own stack" }) stackId: string;
  @ApiProperty({ example: 'shop-pr-12' }) name: string;
  @ApiProperty({ description: "the pull/merge request's number" }) number: number;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the request's branch (in the fork, for a fork's request)" })
  branch: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the request's head commit, as the last event named it" })
  headSha: string | null;
  @ApiProperty({ description: 'the request comes from a fork' }) fork: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'https:// and the first domain the preview serves; null without one' })
  url: string | null;
  @ApiProperty({ enum: ['pending', 'deploying', 'running', 'failed', 'stopped'] }) status: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true, description: "the request's last open, reopen or push" }) activeAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'when the time to live tears it down unless the request is pushed to' })
  expiresAt: Date | null;
  @ApiProperty({ type: PreviewDeploymentDto, nullable: true }) lastDeployment: PreviewDeploymentDto | null;
}

export class PreviewSettingsDto {
  @ApiProperty({ description: 'pull/merge requests deploy previews' }) enabled: boolean;
  @ApiProperty({ description: "requests from forks deploy too: their code runs with this stack's secrets" }) allowForks: boolean;
  @ApiProperty({ minimum: 1, maximum: PREVIEW_LIMIT_MAX, description: 'live previews at most' }) limit: number;
  @ApiProperty({ description: 'seconds without a push after which a preview is torn down (OTTERNAUTS_PREVIEW_TTL)' })
  ttlSeconds: number;
}

export class PutPreviewSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() allowForks?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: PREVIEW_LIMIT_MAX })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PREVIEW_LIMIT_MAX)
  limit?: number;
}
