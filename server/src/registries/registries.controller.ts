import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateRegistryDto, RegistryCheckDto, RegistryDto } from './registry.dto.js';
import { RegistriesService } from './registries.service.js';
import { RegistryCheck } from './registry-check.js';

@ApiTags('registries')
@Controller('registries')
export class RegistriesController {
  constructor(
    private readonly registries: RegistriesService,
    private readonly checks: RegistryCheck,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Store credentials for a private registry' })
  @ApiCreatedResponse({ type: RegistryDto })
  createRegistry(@Body() body: CreateRegistryDto): Promise<RegistryDto> {
    return this.registries.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Stored registry credentials (never the password), with the stacks that build to each' })
  @ApiOkResponse({ type: [RegistryDto] })
  listRegistries(): Promise<RegistryDto[]> {
    return this.registries.list();
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in to the registry from a manager with the stored credential, and say how it went' })
  @ApiOkResponse({ type: RegistryCheckDto })
  checkRegistry(@Param('id') id: string): Promise<RegistryCheckDto> {
    return this.checks.check(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'A stack builds to this registry' })
  @ApiOperation({ summary: 'Delete stored registry credentials' })
  deleteRegistry(@Param('id') id: string): Promise<void> {
    return this.registries.remove(id);
  }
}
