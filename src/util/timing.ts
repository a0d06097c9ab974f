/**
 * Phase timings on stderr when `LICENSE_RISK_TIMING=1` (for the benchmark and for profiling a
 * slow checkout). Off by default; never part of a report, so reports stay deterministic.
 */
export interface PhaseTimer {
  mark(phase: string): void;
  done(): void;
}

const NOOP: PhaseTimer = { mark() {}, done() {} };

export function phaseTimer(env: NodeJS.ProcessEnv = process.env): PhaseTimer {
  if (env.LICENSE_RISK_TIMING !== '1') return NOOP;
  const rows: string[] = [];
  const started = process.hrtime.bigint();
  let last = started;
  const mib = (bytes: number) => (bytes / 1048576).toFixed(0);
  const ms = (from: bigint, to: bigint) => (Number(to - from) / 1e6).toFixed(1).padStart(8);
  return {
    mark(phase) {
      const now = process.hrtime.bigint();
      // Under `node --expose-gc`, the heap after a full collection: the phase's live data.
      (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      rows.push(`${ms(last, now)} ms  ${phase}  (rss ${mib(mem.rss)} MiB, heap ${mib(mem.heapUsed)} MiB)`);
      last = now;
    },
    done() {
      const now = process.hrtime.bigint();
      const heap = process.memoryUsage();
      rows.push(`${ms(started, now)} ms  scan total (since start of scan; process up ${(process.uptime() * 1000).toFixed(0)} ms, rss ${(heap.rss / 1048576).toFixed(0)} MiB)`);
      process.stderr.write(`license-risk timing:\n${rows.join('\n')}\n`);
    },
  };
}
