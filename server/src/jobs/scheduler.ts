import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

export interface Schedule {
  name: string;
  everySeconds: number;
  run(): Promise<void>;
}

/**
 * The timetable of the periodic work (metrics, status, polls, sweeps), one timer per
 * schedule in this process: the work needs the SSH connections and the database, which live
 * here. It was bree, whose worker per tick (about 42 a minute) cost 6.6 % of a core at idle,
 * and whose import alone was 12 MB RSS; a long-lived clock worker would still be 7 MB
 * (issue 13's note has the figures). Durable work is not here: it is a job in SQLite.
 */
@Injectable()
export class Scheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('scheduler');
  private readonly schedules = new Map<string, Schedule>();
  private readonly busy = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];

  add(schedule: Schedule): void {
    if (!(Number.isInteger(schedule.everySeconds) && schedule.everySeconds > 0))
      throw new Error(`schedule ${schedule.name}: everySeconds must be a positive whole number, not ${schedule.everySeconds}`);
    this.schedules.set(schedule.name, schedule);
  }

  /** The first run of each schedule comes one interval after start-up, then one every interval. */
  start(): void {
    if (this.timers.length > 0) return;
    for (const s of this.schedules.values()) {
      const timer = setInterval(() => this.fire(s), s.everySeconds * 1000);
      timer.unref(); // the HTTP server keeps the process alive, not the timetable
      this.timers.push(timer);
    }
  }

  private fire(schedule: Schedule): void {
    // a slow run is never stacked on top of itself: that tick is skipped
    if (this.busy.has(schedule.name)) return;
    this.busy.add(schedule.name);
    schedule
      .run()
      .catch((err: unknown) => this.logger.warn({ err, schedule: schedule.name }, 'scheduled work failed'))
      .finally(() => this.busy.delete(schedule.name));
  }

  onApplicationShutdown(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }
}
