import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateRegistryDto, RegistryDto } from './registry.dto.js';
import { RegistriesService } from './registries.service.js';

@ApiTags('registries')
@Controller('registries')
export class RegistriesController {
  constructor(private readonly registries: RegistriesService) {}

  @Post()
  @ApiOperation({ summary: 'Store credentials for a private registry' })
  @ApiCreatedResponse({ type: RegistryDto })
  createRegistry(@Body() body: CreateRegistryDto): Promise<RegistryDto> {
    return this.registries.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Stored registry credentials (never the password)' })
  @ApiOkResponse({ type: [RegistryDto] })
  listRegistries(): Promise<RegistryDto[]> {
    return this.registries.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete stored registry credentials' })
  deleteRegistry(@Param('id') id: string): Promise<void> {
    return this.registries.remove(id);
  }
}
