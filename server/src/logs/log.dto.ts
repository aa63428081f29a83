import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const bool = ({ value }: { value: unknown }) => value === true || value === '1' || value === 'true';

export class LogQueryDto {
  @ApiPropertyOptional({ default: 200, maximum: 5000 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(5000)
  tail?: number;

  @ApiPropertyOptional({ description: 'RFC 3339 time or a duration such as 10m (docker service logs --since)' })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?|\d+(s|m|h))$/, {
    message: 'must be a time such as 2026-11-23T10:00:00Z or a duration such as 10m',
  })
  since?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  timestamps?: boolean;

  @ApiPropertyOptional({ description: '1: stream new lines as server-sent events until the client leaves' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  follow?: boolean;
}

export class LogLineDto {
  @ApiProperty({ example: 'blog_web.1.x8k2...' }) task: string;
  @ApiProperty() node: string;
  @ApiProperty({ type: String, nullable: true }) time: string | null;
  @ApiProperty() message: string;
}

export class LogsDto {
  @ApiProperty() service: string;
  @ApiProperty({ type: [LogLineDto] }) lines: LogLineDto[];
}
