import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { ApiError } from '../errors/api-error.js';
import { CreateTestJobDto, JobDto } from './job.dto.js';
import { JobsService } from './jobs.service.js';
import { TEST_JOB_KIND } from './test-job.js';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  @Get(':id')
  @ApiOkResponse({ type: JobDto })
  @ApiOperation({ summary: 'A background job with its steps and progress log' })
  getJob(@Param('id') id: string): Promise<JobDto> {
    return this.jobs.get(id);
  }

  @Post(':id/retry')
  @ApiAcceptedResponse({ type: JobDto })
  @HttpCode(202)
  @ApiOperation({ summary: 'Run a failed job again from the step that failed' })
  retryJob(@Param('id') id: string): Promise<JobDto> {
    return this.jobs.retry(id);
  }

  @Post('test')
  @ApiAcceptedResponse({ type: JobDto })
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a job that only sleeps (needs OTTERNAUTS_TEST_JOBS=1; for restart tests)' })
  createTestJob(@Body() body: CreateTestJobDto): Promise<JobDto> {
    if (!this.config.testJobs) {
      throw new ApiError(404, 'not_found', 'Test jobs are off. Start Mission Control with OTTERNAUTS_TEST_JOBS=1 to use them.');
    }
    return this.jobs.enqueue(TEST_JOB_KIND, null, body);
  }
}
