/**
 * Parsers for `docker ... --format '{{json .}}'` output: one JSON object per line.
 * Field names are the docker CLI's (Go template context), checked against real output.
 */

export function jsonLines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as T);
}

export interface DockerInfo {
  ServerVersion: string;
  DockerRootDir: string;
  OperatingSystem?: string;
  Swarm: {
    NodeID: string;
    NodeAddr: string;
    /** inactive | pending | active | error | locked */
    LocalNodeState: string;
    ControlAvailable: boolean;
    Error: string;
    Cluster?: { ID: string } | null;
    RemoteManagers?: { NodeID: string; Addr: string }[] | null;
  };
}

export interface SwarmState {
  state: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  nodeId: string | null;
  clusterId: string | null;
  isManager: boolean;
  nodeAddress: string | null;
}

export function parseInfo(stdout: string): DockerInfo {
  const info = jsonLines<DockerInfo>(stdout)[0];
  if (!info?.Swarm) throw new Error('docker info did not answer with JSON');
  return info;
}

export function swarmState(info: DockerInfo): SwarmState {
  const s = info.Swarm;
  return {
    state: (s.LocalNodeState || 'inactive') as SwarmState['state'],
    nodeId: s.NodeID || null,
    clusterId: s.Cluster?.ID || null,
    isManager: Boolean(s.ControlAvailable),
    nodeAddress: s.NodeAddr || null,
  };
}

/** `docker version` JSON: Server is null when the daemon does not answer. */
export function parseServerVersion(stdout: string): string | null {
  const v = jsonLines<{ Server?: { Version?: string } | null }>(stdout)[0];
  return v?.Server?.Version ?? null;
}

export interface NodeRow {
  ID: string;
  Hostname: string;
  Status: string;
  Availability: string;
  /** "Leader", "Reachable", "Unreachable" or "" for workers */
  ManagerStatus: string;
  EngineVersion: string;
  Self: boolean;
}

export const parseNodes = (stdout: string) => jsonLines<NodeRow>(stdout);

export interface ServiceRow {
  ID: string;
  Name: string;
  Mode: string;
  /** "2/3" or "1/1 (max 1 per node)" */
  Replicas: string;
  Image: string;
  Ports: string;
}

export const parseServices = (stdout: string) => jsonLines<ServiceRow>(stdout);

export function parseReplicas(replicas: string): { running: number; desired: number } {
  const m = /^(\d+)\/(\d+)/.exec(replicas.trim());
  return m ? { running: Number(m[1]), desired: Number(m[2]) } : { running: 0, desired: 0 };
}

export interface TaskRow {
  ID: string;
  /** "<service>.<slot>" or "<service>.<node id>" for global services */
  Name: string;
  Image: string;
  Node: string;
  DesiredState: string;
  /** "Running 5 seconds ago", "Rejected 2 seconds ago", "Pending 3 seconds ago" */
  CurrentState: string;
  Error: string;
  Ports: string;
}

export const parseTasks = (stdout: string) => jsonLines<TaskRow>(stdout);

/** "Running 5 seconds ago" -> "running" */
export function taskState(row: TaskRow): string {
  return (row.CurrentState.split(' ')[0] ?? '').toLowerCase();
}

/** Strips docker's leading "\_ " marker on historic tasks in `docker service ps` output. */
export function taskName(row: TaskRow): string {
  return row.Name.replace(/^\s*\\_\s*/, '').trim();
}

export interface OsRelease {
  id: string;
  versionId: string;
  prettyName: string;
}

export function parseOsRelease(text: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1], m[2].replace(/^["']|["']$/g, ''));
  }
  return {
    id: fields.get('ID') ?? 'unknown',
    versionId: fields.get('VERSION_ID') ?? '',
    prettyName: fields.get('PRETTY_NAME') ?? fields.get('NAME') ?? 'unknown',
  };
}

/** `df -Pk PATH`: the available kilobytes on the file system holding PATH. */
export function parseDfAvailableKb(stdout: string): number | null {
  const lines = stdout.trim().split('\n');
  const cols = lines[lines.length - 1]?.trim().split(/\s+/) ?? [];
  const avail = Number(cols[3]);
  return lines.length >= 2 && Number.isFinite(avail) ? avail : null;
}

/** Compares dotted versions numerically: "24.0.7" >= "24.0". */
export function versionAtLeast(actual: string, minimum: string): boolean {
  const a = actual.split(/[.+-]/).map((p) => parseInt(p, 10));
  const b = minimum.split('.').map((p) => parseInt(p, 10));
  for (let i = 0; i < b.length; i++) {
    const x = Number.isFinite(a[i]) ? a[i] : 0;
    if (x !== b[i]) return x > b[i];
  }
  return true;
}

/**
 * An Engine API call made with `curl --write-out '\n%{http_code}'`: the body, then the
 * HTTP status on the last line. Docker's errors are `{"message": "..."}`.
 */
export function parseEngineResponse(stdout: string): { status: number | null; message: string } {
  const cut = stdout.lastIndexOf('\n');
  const statusText = (cut >= 0 ? stdout.slice(cut + 1) : stdout).trim();
  const body = (cut >= 0 ? stdout.slice(0, cut) : '').trim();
  const status = /^\d{3}$/.test(statusText) && statusText !== '000' ? Number(statusText) : null;
  let message = body;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed?.message === 'string') message = parsed.message;
  } catch {
    // not JSON (a proxy's page, an empty body): the text itself is the best we have
  }
  return { status, message };
}

/** Swarm join tokens (`SWMTKN-1-<digest>-<secret>`) in any text we show or log. */
const JOIN_TOKEN = /SWMTKN-\d+-[A-Za-z0-9-]+/g;

export function scrubJoinTokens(text: string, ...tokens: string[]): string {
  let out = text;
  for (const t of tokens) if (t) out = out.split(t).join('[join token]');
  return out.replace(JOIN_TOKEN, '[join token]');
}
