import type { RunningMissionControl } from './mission-control.js';

/** Wraps mc.api and keeps every response text, to check afterwards what never leaked. */
export function recordingApi(mc: RunningMissionControl) {
  const responses: string[] = [];
  const api = async <T = any>(method: string, route: string, body?: unknown) => {
    const res = await mc.api<T>(method, route, body);
    responses.push(res.text);
    return res;
  };
  return { api, responses };
}
