import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateServerDto, ProvisionServerDto, ScanResultDto, ScanServerDto, ServerDto, UpdateFingerprintDto } from './server.dto.js';
import { ServersService } from './servers.service.js';
import { ServerChecks } from './server-checks.js';
import { ServerEvents } from './server-events.js';
import { RateLimitError, RateLimiter } from '../common/rate-limiter.js';
import { clientOf } from '../common/stream-limits.js';

/** A scan opens a TCP and SSH connection to any address a caller names: not a port scanner. */
const scanLimit = () => new RateLimiter('server scans', { perClient: { burst: 20, perMinute: 20 }, overall: { burst: 60, perMinute: 60 } });

@ApiTags('servers')
@Controller('servers')
export class ServersController {
  private readonly scans = scanLimit();

  constructor(
    private readonly servers: ServersService,
    private readonly checks: ServerChecks,
    private readonly events: ServerEvents,
  ) {}

  @Post('scan')
  @HttpCode(200)
  @ApiOperation({ summary: 'Read a server’s SSH host key without trusting it (TOFU: show it to the user)' })
  @ApiOkResponse({ type: ScanResultDto })
  scanServer(
    @Body() body: ScanServerDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScanResultDto> {
    try {
      this.scans.take(clientOf(req));
    } catch (err) {
      if (err instanceof RateLimitError) void reply.header('retry-after', String(err.retryAfterSeconds));
      throw err;
    }
    return this.servers.scan(body.hostname, body.port);
  }

  @Post()
  @ApiOperation({ summary: 'Add a server with the fingerprint the user confirmed; starts onboarding' })
  @ApiCreatedResponse({ type: ServerDto })
  createServer(@Body() body: CreateServerDto): Promise<ServerDto> {
    return this.servers.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Every server' })
  @ApiOkResponse({ type: [ServerDto] })
  listServers(): Promise<ServerDto[]> {
    return this.servers.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One server, with its preflight results and onboarding job' })
  @ApiOkResponse({ type: ServerDto })
  getServer(@Param('id') id: string): Promise<ServerDto> {
    return this.servers.get(id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Server-sent events: the server and its onboarding job after every change' })
  @ApiProduces('text/event-stream')
  async streamServerEvents(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.events.stream(id, req, reply);
  }

  @Post(':id/provision')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run onboarding again from the failed step (optionally leaving another Swarm first)' })
  @ApiAcceptedResponse({ type: ServerDto })
  provisionServer(@Param('id') id: string, @Body() body: ProvisionServerDto): Promise<ServerDto> {
    return this.servers.provision(id, body.leaveExistingSwarm);
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the server now (SSH, host key, Docker, Swarm) and answer with it' })
  @ApiOkResponse({ type: ServerDto })
  async checkServer(@Param('id') id: string): Promise<ServerDto> {
    const server = await this.servers.find(id);
    return this.servers.view(
      ['ready', 'unreachable', 'failed'].includes(server.status) && server.swarmNodeId ? await this.checks.check(server) : server,
    );
  }

  @Put(':id/fingerprint')
  @ApiOperation({ summary: 'Trust a new host key after a rebuild (it must be the one the server presents now)' })
  @ApiOkResponse({ type: ServerDto })
  updateServerFingerprint(@Param('id') id: string, @Body() body: UpdateFingerprintDto): Promise<ServerDto> {
    return this.servers.updateFingerprint(id, body.fingerprint);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Drain the server, leave the Swarm, remove the node and forget the server' })
  @ApiNoContentResponse()
  deleteServer(@Param('id') id: string): Promise<void> {
    return this.servers.remove(id);
  }
}
