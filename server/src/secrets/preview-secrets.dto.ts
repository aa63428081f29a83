import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min, MaxLength, MinLength } from 'class-validator';

export class PutPreviewSecretDto {
  @ApiProperty({ description: 'The value previews get for ${NAME}; stored encrypted and never shown again.', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  value: string;

  @ApiPropertyOptional({ default: 0, description: 'the request whose preview gets this value; 0 (the default): every preview' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  pullRequest?: number;
}

export class PreviewSecretDto {
  @ApiProperty({ example: 'DB_PASSWORD' }) name: string;
  @ApiProperty({ description: '0: every preview of the stack; otherwise the one request it is for' }) pullRequest: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
