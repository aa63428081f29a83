import type { Server } from '../generated/prisma/client.js';
import { parseEngineResponse, scrubJoinTokens } from '../swarm/docker-output.js';
import { lastLines, type ServerShell } from './server-shell.js';

export interface JoinRequest {
  token: string;
  managerAddress: string;
  advertiseAddress: string;
}

export type JoinOutcome = { ok: true; via: 'engine-api' | 'cli' } | { ok: false; detail: string };

/** Why the token had to go through argv, for the job log. */
export const CLI_FALLBACK_WARNING = (name: string) =>
  `curl is not installed on ${name}, so the join runs as docker swarm join, whose join token any local user can read in the process list while it runs. Install curl on the server to keep it out of sight.`;

/**
 * Joins the server to the Swarm. With curl on the server, through the Engine API on the
 * Docker socket with the token in the request body on stdin, so it never sits in a
 * process's argv; without curl, `docker swarm join` (the caller logs the warning). Every
 * message that comes back is scrubbed of the token.
 */
export async function joinSwarm(
  shell: ServerShell,
  server: Server,
  req: JoinRequest,
  onFallback: () => Promise<void>,
): Promise<JoinOutcome> {
  const docker = shell.docker(server);
  const scrub = (text: string) => scrubJoinTokens(text, req.token);
  // joining waits for the manager to accept the node; Docker gives up on its own after a while
  const timeoutMs = 90_000;
  const hasCurl = (await shell.run(server, docker.hasCurl(), { idempotent: true })).code === 0;
  if (!hasCurl) {
    await onFallback();
    const r = await shell.run(server, docker.swarmJoin(req.token, req.managerAddress, req.advertiseAddress), { timeoutMs });
    return r.code === 0 ? { ok: true, via: 'cli' } : { ok: false, detail: scrub(lastLines(r.stderr || r.stdout)) };
  }
  const body = docker.swarmJoinBody(req.token, req.managerAddress, req.advertiseAddress);
  const r = await shell.run(server, docker.swarmJoinApi(), { stdin: body, timeoutMs });
  const response = parseEngineResponse(r.stdout);
  if (r.code === 0 && response.status === 200) return { ok: true, via: 'engine-api' };
  if (response.status !== null) return { ok: false, detail: scrub(response.message || `HTTP ${response.status}`) };
  // curl itself failed: no socket, no permission, timed out
  return { ok: false, detail: scrub(lastLines(r.stderr || r.stdout) || `curl exited with ${r.code}`) };
}
