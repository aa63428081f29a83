import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StackDomainsDto } from './domain.dto.js';
import { DomainsService } from './domains.service.js';

@ApiTags('stacks')
@Controller('stacks/:id/domains')
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @ApiOperation({ summary: "The stack's domains: DNS (from a manager, against the cluster's nodes) and Traefik's certificate errors" })
  @ApiOkResponse({ type: StackDomainsDto })
  listStackDomains(@Param('id') id: string): Promise<StackDomainsDto> {
    return this.domains.list(id);
  }

  @Post('check')
  @HttpCode(200)
  @ApiOperation({ summary: "Resolve the stack's domains now (one command on a manager) and answer as GET does" })
  @ApiOkResponse({ type: StackDomainsDto })
  checkStackDomains(@Param('id') id: string): Promise<StackDomainsDto> {
    return this.domains.check(id);
  }
}
