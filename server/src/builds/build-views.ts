import type { Build } from '../generated/prisma/client.js';
import { linesAfter } from './build-log.js';
import type { BuildDto, BuildLogDto } from './build.dto.js';

const FINISHED = ['succeeded', 'failed', 'reused'];

export function buildView(b: Build): BuildDto {
  return {
    id: b.id,
    service: b.service,
    image: b.image,
    digest: b.digest,
    status: b.status,
    serverName: b.serverName,
    cachedSteps: b.cachedSteps,
    totalSteps: b.totalSteps,
    error: b.error,
    startedAt: b.startedAt,
    finishedAt: b.finishedAt,
    durationMs: b.startedAt && b.finishedAt ? b.finishedAt.getTime() - b.startedAt.getTime() : null,
    logLines: b.logLines,
  };
}

export function buildLogView(b: Build, after: number): BuildLogDto {
  return { ...linesAfter(b.log, b.logLines, after), done: FINISHED.includes(b.status) };
}
