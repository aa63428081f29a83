import { Module } from '@nestjs/common';
import { GitService } from './git.service.js';
import { MirrorGit } from './mirror-git.js';

/** Git on Mission Control (git.service.ts): mirrors, refs, files at a commit. */
@Module({
  providers: [{ provide: GitService, useClass: MirrorGit }],
  exports: [GitService],
})
export class GitModule {}
