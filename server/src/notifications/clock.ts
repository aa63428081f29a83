import { Injectable } from '@nestjs/common';

/** The time, behind a seam: the quiet period and retries are tested with a fake one. */
@Injectable()
export class NotificationClock {
  now(): Date {
    return new Date();
  }
}
