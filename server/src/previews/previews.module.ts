import { Module } from '@nestjs/common';

/** Preview stacks for pull/merge requests: deployed from the request's head, torn down on close, merge or age. */
@Module({})
export class PreviewsModule {}
