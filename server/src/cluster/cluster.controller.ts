import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClusterDto, UpdateBuildServerDto, UpdateClusterDto } from './cluster.dto.js';
import { ClusterViews } from './cluster-views.js';

@ApiTags('cluster')
@Controller('cluster')
export class ClusterController {
  constructor(private readonly views: ClusterViews) {}

  @Get()
  @ApiOperation({ summary: 'The cluster: Swarm id, managers, Traefik state, ACME e-mail' })
  @ApiQuery({ name: 'refresh', required: false, description: '1: ask a manager for the node list now (fails over between managers)' })
  @ApiOkResponse({ type: ClusterDto })
  getCluster(@Query('refresh') refresh?: string): Promise<ClusterDto> {
    return this.views.get(refresh === '1' || refresh === 'true');
  }

  @Put()
  @ApiOperation({ summary: 'Set the ACME e-mail (used the next time Traefik is deployed)' })
  @ApiOkResponse({ type: ClusterDto })
  updateCluster(@Body() body: UpdateClusterDto): Promise<ClusterDto> {
    return this.views.update(body.acmeEmail);
  }

  @Put('build-server')
  @ApiOperation({ summary: 'Choose the server that builds images (null: the first manager)' })
  @ApiOkResponse({ type: ClusterDto })
  setBuildServer(@Body() body: UpdateBuildServerDto): Promise<ClusterDto> {
    return this.views.setBuildServer(body.serverId);
  }

  @Post('ingress')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deploy (or redeploy) Traefik now' })
  @ApiAcceptedResponse({ type: ClusterDto })
  deployIngress(): Promise<ClusterDto> {
    return this.views.deployIngress();
  }
}
