import { ApiProperty } from '@nestjs/swagger';

export const BUILD_STATUSES = ['queued', 'building', 'pushing', 'succeeded', 'failed', 'reused'] as const;

/** One image a deployment built (or reused), without its log. */
export class BuildDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The Compose service the image is for' }) service: string;
  @ApiProperty({ example: '10.77.0.11:5000/shop/web:4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a' }) image: string;
  @ApiProperty({ type: String, nullable: true, example: 'sha256:…', description: 'What the registry stored; the service runs it' })
  digest: string | null;
  @ApiProperty({ enum: BUILD_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) serverName: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Steps taken from the build cache' }) cachedSteps: number | null;
  @ApiProperty({ type: Number, nullable: true }) totalSteps: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The builder's last error lines" }) error: string | null;
  @ApiProperty({ type: Date, nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) finishedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs: number | null;
  @ApiProperty({ description: 'Lines the build printed in all (the log keeps the newest)' }) logLines: number;
}

export class BuildLogDto {
  @ApiProperty({ type: [String], description: 'Lines after the one asked for (older ones may be gone: the log keeps its newest lines)' })
  lines: string[];
  @ApiProperty({ description: 'Ask for lines after this one next' }) next: number;
  @ApiProperty({ description: 'The build has finished: no more lines will come' }) done: boolean;
}
