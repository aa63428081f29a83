import { Module } from '@nestjs/common';
import { RegistriesController } from './registries.controller.js';
import { RegistriesService } from './registries.service.js';

/** Registry credentials: the routes, and the one RegistriesService that deployments log in with. */
@Module({
  controllers: [RegistriesController],
  providers: [RegistriesService],
  exports: [RegistriesService],
})
export class RegistriesModule {}
