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

/** A stack whose built images are pushed to this registry. */
export class RegistryUserDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class RegistryDto {
  @ApiProperty() id: string;
  @ApiProperty() registryUrl: string;
  @ApiProperty() username: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: [RegistryUserDto], description: 'Stacks that build to this registry (it cannot be deleted while any do).' })
  usedBy: RegistryUserDto[];
}

export class RegistryCheckDto {
  @ApiProperty({ description: 'Whether the registry accepted the credential.' })
  ok: boolean;
  @ApiProperty({ example: 'otn1 logged in to 10.77.0.11:5000 as otto.' })
  message: string;
}
