import { Module } from '@nestjs/common';
import { ServersModule } from '../servers/servers.module.js';
import { RegistriesController } from './registries.controller.js';
import { RegistriesService } from './registries.service.js';
import { RegistryCheck } from './registry-check.js';

/** Registry credentials: the routes, the check from a manager, and the one RegistriesService that deployments log in with. */
@Module({
  imports: [ServersModule],
  controllers: [RegistriesController],
  providers: [RegistriesService, RegistryCheck],
  exports: [RegistriesService],
})
export class RegistriesModule {}
