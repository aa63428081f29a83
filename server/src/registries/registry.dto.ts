import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { REGISTRY_URL, REGISTRY_URL_MESSAGE } from '../common/validators.js';

export class CreateRegistryDto {
  @ApiProperty({ example: 'ghcr.io' })
  @IsString()
  @Matches(REGISTRY_URL, { message: REGISTRY_URL_MESSAGE })
  @MaxLength(255)
  registryUrl: string;

  @ApiProperty({ example: 'otto' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  username: string;

  @ApiProperty({ description: 'Password or access token; stored encrypted, never returned.', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  password: string;
}

export class RegistryDto {
  @ApiProperty() id: string;
  @ApiProperty() registryUrl: string;
  @ApiProperty() username: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
