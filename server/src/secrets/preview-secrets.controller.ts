import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requestNumberParam } from '../previews/request-number.js';
import { PreviewSecretDto, PutPreviewSecretDto } from './preview-secrets.dto.js';
import { PreviewSecretsService } from './preview-secrets.service.js';

@ApiTags('previews')
@Controller('stacks')
export class PreviewSecretsController {
  constructor(private readonly secrets: PreviewSecretsService) {}

  @Get(':id/previews/secrets')
  @ApiOperation({ summary: "The values the stack's previews get instead of stored secrets: names and requests (never values)" })
  @ApiOkResponse({ type: [PreviewSecretDto] })
  listStackPreviewSecrets(@Param('id') id: string): Promise<PreviewSecretDto[]> {
    return this.secrets.list(id);
  }

  @Put(':id/previews/secrets/:name')
  @ApiOperation({ summary: "Give previews (all, or one request's) their own value for ${NAME}" })
  @ApiOkResponse({ type: PreviewSecretDto })
  putStackPreviewSecret(
    @Param('id') id: string,
    @Param('name') name: string,
    @Body() body: PutPreviewSecretDto,
  ): Promise<PreviewSecretDto> {
    return this.secrets.put(id, name, body.value, body.pullRequest ?? 0);
  }

  @Delete(':id/previews/secrets/:name')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiQuery({ name: 'pullRequest', required: false, description: '0 (the default): the value for every preview' })
  @ApiOperation({ summary: 'Remove a preview value: previews use the stored secret of that name again' })
  deleteStackPreviewSecret(
    @Param('id') id: string,
    @Param('name') name: string,
    @Query('pullRequest') pullRequest?: string,
  ): Promise<void> {
    return this.secrets.remove(id, name, pullRequest === undefined ? 0 : requestNumberParam(pullRequest, 'pullRequest', true));
  }
}
