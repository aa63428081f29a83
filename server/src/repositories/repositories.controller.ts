import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitError, RateLimiter } from '../common/rate-limiter.js';
import { clientOf } from '../common/stream-limits.js';
import { parseGitUrl } from '../git/git-url.js';
import {
  CreateRepositoryDto,
  RepositoryCheckDto,
  RepositoryDto,
  RepositoryFilesDto,
  RepositoryFilesQueryDto,
  RepositoryScanResultDto,
  ScanRepositoryDto,
  UpdateHostKeyDto,
  UpdateRepositoryDto,
} from './repository.dto.js';
import { RepositoriesService } from './repositories.service.js';

/**
 * Scanning, adding an SSH repository and re-trusting a host key each open an SSH connection
 * to an address the caller names: the same budget as server scans, so this is no port scanner either.
 */
const scanLimit = () =>
  new RateLimiter('Git host scans', { perClient: { burst: 20, perMinute: 20 }, overall: { burst: 60, perMinute: 60 } });

@ApiTags('repositories')
@Controller('repositories')
export class RepositoriesController {
  private readonly scans = scanLimit();

  constructor(private readonly repositories: RepositoriesService) {}

  @Post('scan')
  @HttpCode(200)
  @ApiOperation({ summary: 'Read an SSH Git host’s key without trusting it (TOFU: show it to the user)' })
  @ApiOkResponse({ type: RepositoryScanResultDto })
  scanRepositoryHost(
    @Body() body: ScanRepositoryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RepositoryScanResultDto> {
    this.takeScan(req, reply);
    return this.repositories.scan(body.url);
  }

  @Post()
  @ApiOperation({ summary: 'Add a repository (SSH: with the confirmed host key; a deploy key is generated). Nothing is fetched yet.' })
  @ApiCreatedResponse({ type: RepositoryDto })
  createRepository(
    @Body() body: CreateRepositoryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RepositoryDto> {
    // only an SSH URL makes the create scan the host again
    const url = parseGitUrl(body.url);
    if (url.ok && url.url.kind === 'ssh') this.takeScan(req, reply);
    return this.repositories.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Every repository (never a token or private key)' })
  @ApiOkResponse({ type: [RepositoryDto] })
  listRepositories(): Promise<RepositoryDto[]> {
    return this.repositories.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One repository, with its deploy key’s public half and setup steps' })
  @ApiOkResponse({ type: RepositoryDto })
  getRepository(@Param('id') id: string): Promise<RepositoryDto> {
    return this.repositories.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace the HTTPS token or its user name' })
  @ApiOkResponse({ type: RepositoryDto })
  updateRepository(@Param('id') id: string, @Body() body: UpdateRepositoryDto): Promise<RepositoryDto> {
    return this.repositories.update(id, body);
  }

  @Post(':id/deploy-key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a new deploy key pair (add the new public key at the Git host)' })
  @ApiOkResponse({ type: RepositoryDto })
  rotateRepositoryDeployKey(@Param('id') id: string): Promise<RepositoryDto> {
    return this.repositories.rotateDeployKey(id);
  }

  @Put(':id/host-key')
  @ApiOperation({ summary: 'Trust a new Git host key (it must be the one the host presents now)' })
  @ApiOkResponse({ type: RepositoryDto })
  updateRepositoryHostKey(
    @Param('id') id: string,
    @Body() body: UpdateHostKeyDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RepositoryDto> {
    this.takeScan(req, reply);
    return this.repositories.updateHostKey(id, body.fingerprint);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the repository and its mirror (409 while stacks deploy from it)' })
  @ApiNoContentResponse()
  deleteRepository(@Param('id') id: string): Promise<void> {
    return this.repositories.remove(id);
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fetch now and list branches and tags, or say why the fetch failed' })
  @ApiOkResponse({ type: RepositoryCheckDto })
  checkRepository(@Param('id') id: string): Promise<RepositoryCheckDto> {
    return this.repositories.check(id);
  }

  @Get(':id/files')
  @ApiOperation({ summary: 'The commit a ref points at and its YAML files, likely Compose files first' })
  @ApiOkResponse({ type: RepositoryFilesDto })
  listRepositoryFiles(@Param('id') id: string, @Query() query: RepositoryFilesQueryDto): Promise<RepositoryFilesDto> {
    return this.repositories.files(id, query.ref);
  }

  private takeScan(req: FastifyRequest, reply: FastifyReply): void {
    try {
      this.scans.take(clientOf(req));
    } catch (err) {
      if (err instanceof RateLimitError) void reply.header('retry-after', String(err.retryAfterSeconds));
      throw err;
    }
  }
}
