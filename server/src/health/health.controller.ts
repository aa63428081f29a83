import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';

export class HealthDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: '0.1.0' }) version: string;
  @ApiProperty({
    example: false,
    description:
      'true when Mission Control runs on a Swarm it manages (OTTERNAUTS_ON_CLUSTER=1): whoever controls that cluster controls Mission Control',
  })
  onManagedCluster: boolean;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOkResponse({ type: HealthDto })
  @ApiOperation({ summary: 'Liveness and version; the one call that needs no token' })
  getHealth(): HealthDto {
    return { status: 'ok', version: this.config.version, onManagedCluster: this.config.onManagedCluster };
  }
}
