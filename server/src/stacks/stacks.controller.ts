import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { StacksService } from './stacks.service.js';

@ApiTags('stacks')
@Controller('stacks')
export class StacksController {
  constructor(
    private readonly stacks: StacksService,
    private readonly deployments: DeploymentsService,
    private readonly logs: LogsService,
  ) {}

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a Compose file and show what would be deployed' })
  @ApiOkResponse({ type: ValidationResultDto })
  validateStack(@Body() body: ValidateStackDto): Promise<ValidationResultDto> {
    return this.stacks.validate(body.name, body.configuration);
  }

  @Post()
  @ApiOperation({ summary: 'Create a stack from a pasted Compose file (validated; not deployed yet)' })
  @ApiCreatedResponse({ type: StackDto })
  createStack(@Body() body: CreateStackDto): Promise<StackDto> {
    return this.stacks.create(body.name, body.configuration);
  }

  @Get()
  @ApiOperation({ summary: 'Every stack' })
  @ApiOkResponse({ type: [StackSummaryDto] })
  listStacks(): Promise<StackSummaryDto[]> {
    return this.stacks.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'A stack with its services, replicas and tasks (live, cached a few seconds)' })
  @ApiOkResponse({ type: StackDto })
  getStack(@Param('id') id: string): Promise<StackDto> {
    return this.stacks.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace the configuration (validated; deploy to apply it)' })
  @ApiOkResponse({ type: StackDto })
  updateStack(@Param('id') id: string, @Body() body: UpdateStackDto): Promise<StackDto> {
    return this.stacks.update(id, body.configuration);
  }

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

  @Post(':id/deploy')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deploy the current configuration as a new version' })
  @ApiAcceptedResponse({ type: DeployAcceptedDto })
  deployStack(@Param('id') id: string): Promise<DeployAcceptedDto> {
    return this.stacks.deploy(id);
  }

  @Post(':id/rollback')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deploy the configuration of an earlier deployment again, as a new version' })
  @ApiAcceptedResponse({ type: DeployAcceptedDto })
  rollbackStack(@Param('id') id: string, @Body() body: RollbackStackDto): Promise<DeployAcceptedDto> {
    return this.stacks.rollback(id, body.deploymentId);
  }

  @Get(':id/deployments')
  @ApiOperation({ summary: 'Deployment history, newest first' })
  @ApiOkResponse({ type: [DeploymentDto] })
  listStackDeployments(@Param('id') id: string): Promise<DeploymentDto[]> {
    return this.deployments.forStack(id);
  }

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
