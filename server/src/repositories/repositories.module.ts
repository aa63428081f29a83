import { Module } from '@nestjs/common';
import { GitModule } from '../git/git.module.js';
import { RepositoriesController } from './repositories.controller.js';
import { RepositoriesService } from './repositories.service.js';

/** Repositories stacks deploy from: URLs, access (public, deploy key, token), pinned host keys. */
@Module({
  imports: [GitModule],
  controllers: [RepositoriesController],
  providers: [RepositoriesService],
  exports: [GitModule, RepositoriesService],
})
export class RepositoriesModule {}
