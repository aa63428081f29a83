import { Module } from '@nestjs/common';

/** Git on Mission Control (git.service.ts): mirrors, refs, files at a commit. */
@Module({
  providers: [],
  exports: [],
})
export class GitModule {}
