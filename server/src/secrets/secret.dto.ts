import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class PutSecretDto {
  @ApiProperty({ description: 'The value; stored encrypted and never shown again.', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  value: string;
}

export class SecretDto {
  @ApiProperty({ example: 'DB_PASSWORD' }) name: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
