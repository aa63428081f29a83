import type { MessageKey } from '#lib/i18n/index.ts';

/** What GET /api/cluster says about reaching the cluster (ClusterDto.status). */
export interface ClusterLike {
  status: string;
  managers: readonly string[];
}

export interface ClusterNotice {
  title: MessageKey;
  message: MessageKey;
  todo: MessageKey;
  params: { count: number };
}

/**
 * A notice to show above the servers when Mission Control cannot work with the cluster, or
 * null. "empty" (no server yet) has its own empty state, and "ok" needs no words.
 */
export function clusterNotice(cluster: ClusterLike): ClusterNotice | null {
  if (cluster.status !== 'unreachable') return null;
  return {
    title: 'cluster.unreachable.title',
    message: 'cluster.unreachable.message',
    todo: 'cluster.unreachable.todo',
    params: { count: cluster.managers.length },
  };
}
