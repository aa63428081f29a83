/** "Now" for relative times ("3 minutes ago"), ticking so they do not freeze on screen. */
class Clock {
  now = $state(new Date());

  constructor(everyMs = 10_000) {
    if (typeof window !== 'undefined') setInterval(() => (this.now = new Date()), everyMs);
  }
}

export const clock = new Clock();
