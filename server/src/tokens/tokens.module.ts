import { Module } from '@nestjs/common';
import { CredentialStore } from './credential-store.js';
import { SessionController } from './session.controller.js';
import { SessionsService } from './sessions.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';

/** API tokens and dashboard sessions; the CredentialStore is what the HTTP guard checks credentials with. */
@Module({
  controllers: [TokensController, SessionController],
  providers: [CredentialStore, TokensService, SessionsService],
  exports: [CredentialStore],
})
export class TokensModule {}
