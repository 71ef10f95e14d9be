/** A background job as its caller sees it: stop() waits for a run in progress to finish. */
export interface RunningJob {
  stop(): Promise<void>;
}

/**
 * Runs `run` now and then `intervalMs` after each run ends (never overlapping itself) until stopped. A failed
 * run is logged under `name` and the next one comes as usual: jobs claim their work again each time.
 */
export function every(name: string, intervalMs: number, run: () => Promise<unknown>, log?: (msg: string, data?: unknown) => void): RunningJob {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    running = run()
      .catch((err: unknown) => log?.(`${name} failed`, { error: (err as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
