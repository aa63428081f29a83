import { lookIn, type Look, type Tone } from '#lib/git/deliveries.ts';
import type { MessageKey } from '#lib/i18n/index.ts';

/** The fields of a build these helpers read (BuildDto). */
export interface BuildLike {
  status: string;
  cachedSteps: number | null;
  totalSteps: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

// Build statuses as Mission Control records them (the Build table): "reused" is a rollback
// that deploys the digest an earlier deployment built, without building again.
const STATUSES: Record<string, { label: MessageKey; tone: Tone }> = {
  queued: { label: 'builds.status.queued', tone: 'busy' },
  building: { label: 'builds.status.building', tone: 'busy' },
  pushing: { label: 'builds.status.pushing', tone: 'busy' },
  succeeded: { label: 'builds.status.succeeded', tone: 'good' },
  failed: { label: 'builds.status.failed', tone: 'bad' },
  reused: { label: 'builds.status.reused', tone: 'good' },
};

export function buildLook(status: string): Look {
  return lookIn(STATUSES, status);
}

/** Still on its way: its log can grow and its figures change. */
export function isBuildActive(status: string): boolean {
  return status === 'queued' || status === 'building' || status === 'pushing';
}

export function anyBuildActive(builds: readonly { status: string }[]): boolean {
  return builds.some((b) => isBuildActive(b.status));
}

/** "3 of 7 cached"'s figures, or null when the builder did not say (the legacy builder, a reuse). */
export function cachedSteps(build: Pick<BuildLike, 'cachedSteps' | 'totalSteps'>): { cached: number; total: number } | null {
  if (build.totalSteps === null || build.totalSteps === 0) return null;
  return { cached: build.cachedSteps ?? 0, total: build.totalSteps };
}

/** How long it took, or has taken so far while it runs; null before it started. */
export function buildDurationMs(build: BuildLike, now: Date = new Date()): number | null {
  if (build.durationMs !== null) return build.durationMs;
  if (!build.startedAt) return null;
  const end = build.finishedAt ? new Date(build.finishedAt) : now;
  const ms = end.getTime() - new Date(build.startedAt).getTime();
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

/** "850 ms", "12 s", "2 min 05 s", "1 h 02 min": a build's length at the precision that matters. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "sha256:3d83d3eafb56": the algorithm and the first 12 hex digits, as `docker image ls` shortens ids. */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return '';
  const at = digest.lastIndexOf('@');
  const bare = at >= 0 ? digest.slice(at + 1) : digest;
  const colon = bare.indexOf(':');
  return colon >= 0 ? `${bare.slice(0, colon + 1)}${bare.slice(colon + 1, colon + 13)}` : bare.slice(0, 12);
}
