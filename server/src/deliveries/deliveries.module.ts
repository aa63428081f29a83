import { Module } from '@nestjs/common';
import { GitModule } from '../git/git.module.js';
import { StacksModule } from '../stacks/stacks.module.js';

/** Push to deploy (signed webhooks), polling, and the record of every decision. */
@Module({
  imports: [GitModule, StacksModule],
  controllers: [],
  providers: [],
})
export class DeliveriesModule {}
