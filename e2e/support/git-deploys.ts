// What the Git suites ask Mission Control and the Swarm again and again: a deployment's end,
// a stack's deliveries, a service's spec on the manager; and how they start and stop it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeExec, testbedDown } from '../testbed/testbed.js';
import { recordingApi } from './api-recorder.js';
import { deploymentEnd } from './deployments.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from './mission-control.js';
import type { SecretWatch } from './secret-watch.js';

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

export interface Delivery {
  id: string;
  at: string;
  source: string;
  event: string | null;
  deliveryId: string | null;
  ref: string | null;
  commit: string | null;
  signature: string;
  decision: string;
  reason: string;
  deploymentId: string | null;
  version: number | null;
}

export const short = (sha: string) => sha.slice(0, 7);

export function gitDeploys(api: Api) {
  const finished = (deploymentId: string) => deploymentEnd(api, deploymentId, 200_000, 500);
  const deliveries = async (stackId: string): Promise<Delivery[]> => {
    const res = await api('GET', `/api/stacks/${stackId}/deliveries`);
    if (res.status !== 200) throw new Error(`GET deliveries: ${res.status} ${res.text}`);
    return res.body;
  };
  /** Waits for the delivery with this provider delivery id (or this commit, for polls) to reach a final decision. */
  const settled = (stackId: string, match: (d: Delivery) => boolean, what: string, timeoutMs = 120_000) =>
    waitFor(
      what,
      async () => {
        const d = (await deliveries(stackId)).find(match);
        return d && !['queued', 'deploying'].includes(d.decision) ? d : undefined;
      },
      timeoutMs,
      500,
    );
  const deployments = async (stackId: string): Promise<any[]> => (await api('GET', `/api/stacks/${stackId}/deployments`)).body;
  return { finished, deliveries, settled, deployments };
}

/** `docker service inspect` of one service on a manager, parsed. */
export async function serviceSpec(manager: string, service: string): Promise<any> {
  const r = await nodeExec(manager, ['docker', 'service', 'inspect', service]);
  if (r.code !== 0) throw new Error(`docker service inspect ${service}: ${r.stderr}`);
  return JSON.parse(r.stdout)[0].Spec;
}

/** Waits until the service's spec passes `check` (a rollout is under way right after a deploy). */
export function specBecomes(
  manager: string,
  service: string,
  what: string,
  check: (spec: any) => boolean,
  timeoutMs = 60_000,
): Promise<any> {
  return waitFor(
    what,
    async () => {
      const spec = await serviceSpec(manager, service);
      return check(spec) ? spec : undefined;
    },
    timeoutMs,
    500,
  );
}

/**
 * Mission Control as the Git deploy suites run it: the polling tick at 1 s so polling is seen
 * within a test, images used as built (no registry here), server checks out of the way; its
 * process joins the argument watch from the start.
 */
export async function startGitMissionControl(name: string, watch: SecretWatch) {
  const mc = await startMissionControl(newDataDir(name), {
    OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
    OTTERNAUTS_DEPLOY_TIMEOUT: '120',
    OTTERNAUTS_RESOLVE_IMAGE: 'never',
    OTTERNAUTS_GIT_POLL_TICK: '1',
  });
  watch.follow(mc.pid);
  const { api, responses } = recordingApi(mc);
  return { mc, api, responses, git: gitDeploys(api) };
}

/** The end of a Git suite; Mission Control's log is kept in the temp folder as otn-e2e-<name>-mission-control.log. */
export async function stopGitSuite(
  name: string,
  parts: { watch?: SecretWatch; mc?: RunningMissionControl; server?: { close(): Promise<void> }; work?: string },
): Promise<void> {
  await parts.watch?.stop();
  await parts.mc?.stop();
  if (parts.mc) fs.writeFileSync(path.join(os.tmpdir(), `otn-e2e-${name}-mission-control.log`), parts.mc.output());
  await parts.server?.close();
  await testbedDown();
  if (parts.work) fs.rmSync(parts.work, { recursive: true, force: true });
}
