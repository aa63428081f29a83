import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeploymentDto } from './deployment.dto.js';
import { DeploymentsService } from './deployments.service.js';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One deployment: status, error, steps and progress' })
  @ApiOkResponse({ type: DeploymentDto })
  getDeployment(@Param('id') id: string): Promise<DeploymentDto> {
    return this.deployments.get(id);
  }
}
