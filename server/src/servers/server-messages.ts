/** The PRD's onboarding messages ("Failure Modes & Recovery"), adapted to the facts. */
export const MESSAGES = {
  sudo: 'Passwordless sudo is required. Configure /etc/sudoers.d/otternauts for the SSH user.',
  dockerInstall: (tail: string) =>
    `Docker installation failed. Check server logs for details.${tail ? ` The installer said:\n${tail}` : ''}`,
  swarmInit: (detail: string) =>
    `Swarm initialization failed. The server may already be part of a swarm.${detail ? ` Docker said: ${detail}` : ''}`,
  swarmJoin: (detail: string) =>
    `Could not join swarm. Check that ports 2377, 7946, 4789/udp are open between servers.${detail ? ` Docker said: ${detail}` : ''}`,
  joinPorts: 'Check that ports 2377, 7946, 4789/udp are open between servers.',
  otherSwarm: (clusterId: string | null) =>
    `This server is already part of another Swarm${clusterId ? ` (cluster ${clusterId})` : ''}. Otternauts will not take it over silently: ` +
    'retry with "leave the existing Swarm" (POST /api/servers/:id/provision {"leaveExistingSwarm": true}) or run docker swarm leave on it yourself.',
  ingress: (detail: string) => `Ingress deployment failed.${detail ? ` ${detail}` : ''}`,
  noManager: 'No manager of this cluster can be reached: the cluster is unreachable. Check the managers’ SSH access.',
} as const;
