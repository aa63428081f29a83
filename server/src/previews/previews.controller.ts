import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PreviewDto, PreviewSettingsDto, PutPreviewSettingsDto } from './preview.dto.js';
import { PreviewsService } from './previews.service.js';
import { requestNumberParam } from './request-number.js';

@ApiTags('previews')
@Controller('stacks')
export class PreviewsController {
  constructor(private readonly previews: PreviewsService) {}

  @Get(':id/previews')
  @ApiOperation({ summary: "The stack's live previews of pull/merge requests: request, commit, URL, age and when they expire" })
  @ApiOkResponse({ type: [PreviewDto] })
  listStackPreviews(@Param('id') id: string): Promise<PreviewDto[]> {
    return this.previews.list(id);
  }

  @Get(':id/previews/settings')
  @ApiOperation({ summary: 'Whether pull/merge requests deploy previews of this stack, from forks too, and how many at most' })
  @ApiOkResponse({ type: PreviewSettingsDto })
  getStackPreviewSettings(@Param('id') id: string): Promise<PreviewSettingsDto> {
    return this.previews.settings(id);
  }

  @Put(':id/previews/settings')
  @ApiOperation({ summary: "Change the stack's preview settings (stacks from a repository only); fields left out stay" })
  @ApiOkResponse({ type: PreviewSettingsDto })
  putStackPreviewSettings(@Param('id') id: string, @Body() body: PutPreviewSettingsDto): Promise<PreviewSettingsDto> {
    return this.previews.updateSettings(id, body);
  }

  @Delete(':id/previews/:number')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: "Tear a request's preview down now: docker stack rm, its networks gone, its record deleted" })
  tearDownStackPreview(@Param('id') id: string, @Param('number') number: string): Promise<void> {
    return this.previews.tearDown(id, requestNumberParam(number, 'number'));
  }
}
