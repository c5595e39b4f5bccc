/**
 * The source of "now" for business rules (expiry, token lifetimes, rate windows).
 * Tests replace it (`app.get(Clock).set(...)`) instead of sleeping.
 */
export class Clock {
  private frozen?: Date;

  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date();
  }

  /** Test hook: freeze time at `date`, or pass undefined to follow the wall clock again. */
  set(date?: Date): void {
    this.frozen = date;
  }

  advance(ms: number): void {
    this.frozen = new Date(this.now().getTime() + ms);
  }
}
