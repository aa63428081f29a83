import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeployAcceptedDto, DeploymentDto, RollbackStackDto } from '../deployments/deployment.dto.js';
import { DeploymentsService } from '../deployments/deployments.service.js';
import { LogQueryDto, LogsDto } from '../logs/log.dto.js';
import { LogsService } from '../logs/logs.service.js';
import {
  CreateStackDto,
  StackDiffDto,
  StackDto,
  StackSummaryDto,
  UpdateStackDto,
  ValidateStackDto,
  ValidationResultDto,
} from './stack.dto.js';
import { DnsWarnings } from '../certificates/dns-warnings.js';
import { DeployStackDto } from './source.dto.js';
import { StacksService } from './stacks.service.js';
import { Scope } from '../auth/scope.js';
import { seesEveryStack } from '../auth/principal.js';

/** The dashboard is served from Mission Control itself: its requests say same-origin (browsers set this header, scripts do not forge it by accident). */
const triggerOf = (req: FastifyRequest) => (req.headers['sec-fetch-site'] === 'same-origin' ? 'manual' : 'api');
/** Who a deployment is recorded as started by: the API token's name, "admin token", or "admin" (open mode). */
const byOf = (req: FastifyRequest) => (req.principal && req.principal.kind !== 'open' ? req.principal.name : 'admin');

@ApiTags('stacks')
@Controller('stacks')
export class StacksController {
  constructor(
    private readonly stacks: StacksService,
    private readonly deployments: DeploymentsService,
    private readonly logs: LogsService,
    private readonly dnsWarnings: DnsWarnings,
  ) {}

  @Scope('deploy')
  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Validate a Compose file (pasted, or from a repository at a ref: fetched first) and show what would be deployed',
  })
  @ApiOkResponse({ type: ValidationResultDto })
  async validateStack(@Body() body: ValidateStackDto): Promise<ValidationResultDto> {
    const result = await this.stacks.validate(body.name, body);
    // a pasted file: its domains' DNS, asked of a manager (warnings only; nothing when none answers)
    return body.configuration !== undefined ? this.dnsWarnings.addTo(result, body.configuration) : result;
  }

  @Post()
  @ApiOperation({ summary: 'Create a stack from a pasted Compose file or from a repository (validated; not deployed yet)' })
  @ApiCreatedResponse({ type: StackDto })
  createStack(@Body() body: CreateStackDto): Promise<StackDto> {
    return this.stacks.create(body.name, body);
  }

  @Scope('deploy')
  @Get()
  @ApiOperation({ summary: 'Every stack (for a deploy token limited to some stacks: those stacks)' })
  @ApiOkResponse({ type: [StackSummaryDto] })
  async listStacks(@Req() req: FastifyRequest): Promise<StackSummaryDto[]> {
    const all = await this.stacks.list();
    const limited = req.principal && !seesEveryStack(req.principal) ? new Set(req.principal.stacks) : undefined;
    return limited ? all.filter((s) => limited.has(s.name)) : all;
  }

  @Scope('deploy', { stack: 'id' })
  @Get(':id')
  @ApiOperation({ summary: 'A stack with its services, replicas and tasks (live, cached a few seconds)' })
  @ApiOkResponse({ type: StackDto })
  getStack(@Param('id') id: string): Promise<StackDto> {
    return this.stacks.get(id);
  }

  @Scope('deploy', { stack: 'id' })
  @Put(':id')
  @ApiOperation({
    summary: 'Replace the pasted configuration, or the repository source (validated; deploy to apply it); switches between the two',
  })
  @ApiOkResponse({ type: StackDto })
  updateStack(@Param('id') id: string, @Body() body: UpdateStackDto): Promise<StackDto> {
    return this.stacks.update(id, body);
  }

  @Scope('deploy', { stack: 'id' })
  @Get(':id/diff')
  @ApiOperation({ summary: 'Unified diff of the current configuration against the last deployed one' })
  @ApiOkResponse({ type: StackDiffDto })
  getStackDiff(@Param('id') id: string): Promise<StackDiffDto> {
    return this.stacks.diff(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'docker stack rm, wait until its networks are gone, forget the stack' })
  @ApiNoContentResponse()
  deleteStack(@Param('id') id: string): Promise<void> {
    return this.stacks.remove(id);
  }

  @Scope('deploy', { stack: 'id' })
  @Post(':id/deploy')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Deploy as a new version: a pasted stack its current configuration (with `images` replaced first, if given); a git stack its file at `ref` (default: the ref it follows), fetched and resolved to a commit first',
  })
  @ApiBody({ type: DeployStackDto, required: false })
  @ApiAcceptedResponse({ type: DeployAcceptedDto })
  deployStack(@Param('id') id: string, @Body() body: DeployStackDto | undefined, @Req() req: FastifyRequest): Promise<DeployAcceptedDto> {
    return this.stacks.deploy(id, { ref: body?.ref, images: body?.images, trigger: triggerOf(req), by: byOf(req) });
  }

  @Scope('deploy', { stack: 'id' })
  @Post(':id/rollback')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Deploy an earlier deployment again, as a new version (a git one: its exact commit, rendered file and files)',
  })
  @ApiAcceptedResponse({ type: DeployAcceptedDto })
  rollbackStack(@Param('id') id: string, @Body() body: RollbackStackDto, @Req() req: FastifyRequest): Promise<DeployAcceptedDto> {
    return this.stacks.rollback(id, body.deploymentId, byOf(req));
  }

  @Scope('deploy', { stack: 'id' })
  @Get(':id/deployments')
  @ApiOperation({ summary: 'Deployment history, newest first' })
  @ApiOkResponse({ type: [DeploymentDto] })
  listStackDeployments(@Param('id') id: string): Promise<DeploymentDto[]> {
    return this.deployments.forStack(id);
  }

  @Scope('deploy', { stack: 'id' })
  @Get(':id/services/:service/logs')
  @ApiOperation({ summary: 'Recent log lines of a service; with follow=1, server-sent events until the client leaves' })
  @ApiOkResponse({ type: LogsDto })
  async getServiceLogs(
    @Param('id') id: string,
    @Param('service') service: string,
    @Query() query: LogQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LogsDto | void> {
    if (query.follow) return this.logs.follow(id, service, query, req, reply);
    return this.logs.recent(id, service, query);
  }
}
