import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Bree from 'bree';

export interface Schedule {
  name: string;
  everySeconds: number;
  run(): Promise<void>;
}

const workersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workers');

/**
 * bree keeps the timetable; each tick's worker only tells this process that it is time.
 * The work itself runs here, because the SSH connections and the database live here.
 */
@Injectable()
export class BreeScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('scheduler');
  private readonly handlers = new Map<string, Schedule>();
  private readonly busy = new Set<string>();
  private bree?: Bree;

  add(schedule: Schedule): void {
    this.handlers.set(schedule.name, schedule);
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0) return;
    this.bree = new Bree({
      root: workersDir,
      defaultExtension: 'js',
      logger: false,
      jobs: [...this.handlers.values()].map((s) => ({
        name: s.name,
        path: path.join(workersDir, 'tick.js'),
        interval: `${s.everySeconds}s`,
      })),
      workerMessageHandler: ({ name }: { name: string }) => this.fire(name),
      errorHandler: (err: unknown, meta: unknown) => this.logger.warn({ err, meta }, 'scheduler worker failed'),
    });
    await this.bree.start();
  }

  private fire(name: string): void {
    const schedule = this.handlers.get(name);
    // a slow run is never stacked on top of itself
    if (!schedule || this.busy.has(name)) return;
    this.busy.add(name);
    schedule
      .run()
      .catch((err: unknown) => this.logger.warn({ err, schedule: name }, 'scheduled work failed'))
      .finally(() => this.busy.delete(name));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bree?.stop();
  }
}
