import { Module } from '@nestjs/common';

/**
 * Images built from a Git stack's commit on the cluster's build server, pushed to the stack's
 * registry and deployed pinned by digest (the deploy job's build step uses what this exports).
 */
@Module({})
export class BuildsModule {}
