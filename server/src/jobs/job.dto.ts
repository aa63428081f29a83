import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class JobStepDto {
  @ApiProperty() name: string;
  @ApiProperty() title: string;
}

export class ProgressEntryDto {
  @ApiProperty() at: string;
  @ApiProperty({ type: String, nullable: true }) step: string | null;
  @ApiProperty({ enum: ['info', 'warn', 'error'] }) level: 'info' | 'warn' | 'error';
  @ApiProperty() message: string;
}

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: String, nullable: true }) targetType: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: 'queued' | 'running' | 'succeeded' | 'failed';
  @ApiProperty({ type: String, nullable: true }) currentStep: string | null;
  @ApiProperty({ type: [String] }) completedSteps: string[];
  @ApiProperty({ type: [JobStepDto] }) steps: JobStepDto[];
  @ApiProperty({ type: [ProgressEntryDto] }) progress: ProgressEntryDto[];
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiPropertyOptional({ type: Date, nullable: true }) startedAt: Date | null;
  @ApiPropertyOptional({ type: Date, nullable: true }) finishedAt: Date | null;
}

export class CreateTestJobDto {
  @ApiProperty({ minimum: 1, maximum: 20 })
  @IsInt()
  @Min(1)
  @Max(20)
  steps: number;

  @ApiProperty({ minimum: 0, maximum: 60000, description: 'milliseconds each step sleeps' })
  @IsInt()
  @Min(0)
  @Max(60000)
  stepMs: number;
}
