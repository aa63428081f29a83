import { Module } from '@nestjs/common';
import { ServersModule } from '../servers/servers.module.js';
import { ClusterController } from './cluster.controller.js';
import { ClusterViews } from './cluster-views.js';

/**
 * The /api/cluster routes. ClusterService itself stays in ServersModule: onboarding needs it
 * to find managers, and these views need ServersService, so one of the two has to hold both.
 */
@Module({
  imports: [ServersModule],
  controllers: [ClusterController],
  providers: [ClusterViews],
})
export class ClusterModule {}
