import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BuildDto, BuildLogDto } from '../builds/build.dto.js';
import { DeploymentDto } from './deployment.dto.js';
import { DeploymentsService } from './deployments.service.js';
import { Scope } from '../auth/scope.js';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Scope('deploy', { deployment: 'id' })
  @Get(':id')
  @ApiOperation({ summary: 'One deployment: status, error, steps and progress' })
  @ApiOkResponse({ type: DeploymentDto })
  getDeployment(@Param('id') id: string): Promise<DeploymentDto> {
    return this.deployments.get(id);
  }

  @Scope('deploy', { deployment: 'id' })
  @Get(':id/builds')
  @ApiOperation({ summary: 'The images a deployment builds: status, build server, cached steps, digest' })
  @ApiOkResponse({ type: [BuildDto] })
  getDeploymentBuilds(@Param('id') id: string): Promise<BuildDto[]> {
    return this.deployments.builds(id);
  }

  @Scope('deploy', { deployment: 'id' })
  @Get(':id/builds/:buildId/log')
  @ApiOperation({ summary: "A build's output: the lines after line `after` (poll with the answer's `next`)" })
  @ApiQuery({ name: 'after', required: false, description: 'Line number to read after (0: from the start)' })
  @ApiOkResponse({ type: BuildLogDto })
  getBuildLog(@Param('id') id: string, @Param('buildId') buildId: string, @Query('after') after?: string): Promise<BuildLogDto> {
    return this.deployments.buildLog(id, buildId, after);
  }
}
