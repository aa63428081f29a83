import type { Answer, Body } from '#lib/api/route-types.ts';
import type { paths } from '#lib/api/schema.d.ts';

export type Build = Answer<paths['/api/deployments/{id}/builds']['get']>[number];
export type BuildStatus = Build['status'];
/** One page of a build's log: the lines after the line asked for, where to ask next, and whether it ended. */
export type BuildLogPage = Answer<paths['/api/deployments/{id}/builds/{buildId}/log']['get']>;
export type Cluster = Answer<paths['/api/cluster']['get']>;
export type BuildServerBody = Body<paths['/api/cluster/build-server']['put']>;
