/**
 * At most `size` tasks handed to the pool at once; the rest wait here in turn, at most `queue` of
 * them. tinypool starts a worker only when it is handed a task, so a task left in its own queue when
 * a worker is stopped (past a limit) would wait for the next task to arrive; handed over only when a
 * worker is free, a task always has one started for it.
 */
export class WorkerSlots {
  private taken = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly size: number,
    private readonly queue: number,
  ) {}

  /** Whether a task handed over now would start at once, nothing waiting before it. */
  get free(): boolean {
    return this.taken < this.size && this.waiting.length === 0;
  }

  /** A slot's release, once one is free; null at once when the queue is full. Rejects if `signal` aborts while the task waits. */
  take(signal: AbortSignal): Promise<(() => void) | null> {
    if (this.taken < this.size) {
      this.taken += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queue) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const turn = () => {
        signal.removeEventListener('abort', abandon);
        resolve(this.releaser());
      };
      const abandon = () => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(new Error('The task stopped waiting for a worker.'));
      };
      this.waiting.push(turn);
      signal.addEventListener('abort', abandon, { once: true });
    });
  }

  /** Hands the slot to the next task waiting, or frees it; a second call does nothing. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.taken -= 1;
    };
  }
}
