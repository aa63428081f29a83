import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetricsQueryDto, SamplerDto, ServerMetricsDto, ServersMetricsDto, StackMetricsDto } from './metrics.dto.js';
import { MetricsService, type MetricsRequest } from './metrics.service.js';

const request = (q: MetricsQueryDto): MetricsRequest => ({ range: q.range ?? '1h', live: q.live === '1' });

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('servers')
  @ApiOperation({ summary: "Every server's CPU, memory, load and disk over a range" })
  @ApiOkResponse({ type: ServersMetricsDto })
  getServersMetrics(@Query() query: MetricsQueryDto): Promise<ServersMetricsDto> {
    return this.metrics.servers(request(query));
  }

  @Get('servers/:id')
  @ApiOperation({ summary: "One server's CPU, memory, load and disk over a range" })
  @ApiOkResponse({ type: ServerMetricsDto })
  getServerMetrics(@Param('id') id: string, @Query() query: MetricsQueryDto): Promise<ServerMetricsDto> {
    return this.metrics.server(id, request(query));
  }

  @Get('stacks/:id')
  @ApiOperation({ summary: "CPU and memory of each of the stack's services: summed across servers, and per server" })
  @ApiOkResponse({ type: StackMetricsDto })
  getStackMetrics(@Param('id') id: string, @Query() query: MetricsQueryDto): Promise<StackMetricsDto> {
    return this.metrics.stack(id, request(query));
  }

  @Get('sampler')
  @ApiOperation({ summary: 'What the sampler did per server: samples, SSH commands, last error, where figures came from' })
  @ApiOkResponse({ type: SamplerDto })
  getMetricsSampler(): Promise<SamplerDto> {
    return this.metrics.samplerStatus();
  }
}
