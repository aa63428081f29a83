import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PutSecretDto, SecretDto } from './secret.dto.js';
import { SecretsService } from './secrets.service.js';

@ApiTags('secrets')
@Controller('secrets')
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Put(':name')
  @ApiOperation({ summary: 'Create or replace a secret used as ${NAME} in stack files' })
  @ApiOkResponse({ type: SecretDto })
  putSecret(@Param('name') name: string, @Body() body: PutSecretDto): Promise<SecretDto> {
    return this.secrets.put(name, body.value);
  }

  @Get()
  @ApiOperation({ summary: 'Secret names and timestamps (never values)' })
  @ApiOkResponse({ type: [SecretDto] })
  listSecrets(): Promise<SecretDto[]> {
    return this.secrets.list();
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a secret' })
  deleteSecret(@Param('name') name: string): Promise<void> {
    return this.secrets.remove(name);
  }
}
