// A deployment's end, as every suite that deploys waits for it.
import { waitFor } from './mission-control.js';

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

/** Waits until the deployment has succeeded, failed or timed out, and returns it. */
export function deploymentEnd(api: Api, deploymentId: string, timeoutMs = 200_000, intervalMs = 1000): Promise<any> {
  return waitFor(
    `deployment ${deploymentId}`,
    async () => {
      const d = (await api('GET', `/api/deployments/${deploymentId}`)).body;
      return ['succeeded', 'failed', 'timed_out'].includes(d.status) ? d : undefined;
    },
    timeoutMs,
    intervalMs,
  );
}
