import { Module } from '@nestjs/common';
import { GitModule } from '../git/git.module.js';

/** Repositories stacks deploy from: URLs, access (public, deploy key, token), pinned host keys. */
@Module({
  imports: [GitModule],
  controllers: [],
  providers: [],
  exports: [GitModule],
})
export class RepositoriesModule {}
