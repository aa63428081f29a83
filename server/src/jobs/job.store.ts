import { Injectable } from '@nestjs/common';
import type { Job } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { JobStatus, ProgressEntry } from './job.types.js';

export interface JobPatch {
  status?: JobStatus;
  currentStep?: string | null;
  completedSteps?: string[];
  progress?: ProgressEntry[];
  data?: unknown;
  attempts?: number;
  error?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

/** Job rows in SQLite; JSON columns are (de)serialised here and nowhere else. */
@Injectable()
export class JobStore {
  constructor(private readonly prisma: PrismaService) {}

  create(kind: string, targetType: string | null, targetId: string | null, data: unknown): Promise<Job> {
    return this.prisma.job.create({ data: { kind, targetType, targetId, data: JSON.stringify(data ?? {}) } });
  }

  find(id: string): Promise<Job | null> {
    return this.prisma.job.findUnique({ where: { id } });
  }

  findUnfinished(): Promise<Job[]> {
    return this.prisma.job.findMany({ where: { status: { in: ['queued', 'running'] } }, orderBy: { createdAt: 'asc' } });
  }

  /** The oldest job of this kind for the target that is queued or running, if any. */
  findActive(kind: string, targetType: string, targetId: string): Promise<Job | null> {
    return this.prisma.job.findFirst({
      where: { kind, targetType, targetId, status: { in: ['queued', 'running'] } },
      orderBy: { createdAt: 'asc' },
    });
  }

  latestFor(targetType: string, targetId: string, kind?: string): Promise<Job | null> {
    return this.prisma.job.findFirst({ where: { targetType, targetId, kind }, orderBy: { createdAt: 'desc' } });
  }

  update(id: string, patch: JobPatch): Promise<Job> {
    const { completedSteps, progress, data, ...rest } = patch;
    return this.prisma.job.update({
      where: { id },
      data: {
        ...rest,
        ...(completedSteps && { completedSteps: JSON.stringify(completedSteps) }),
        ...(progress && { progress: JSON.stringify(progress) }),
        ...(data !== undefined && { data: JSON.stringify(data) }),
      },
    });
  }
}

export const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
