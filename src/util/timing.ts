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
  // Minor page faults: each first touch of a page cost ~2–15 µs on the 2-core bench VMs.
  let lastFaults = process.resourceUsage().minorPageFault;
  const mib = (bytes: number) => (bytes / 1048576).toFixed(0);
  const ms = (from: bigint, to: bigint) => (Number(to - from) / 1e6).toFixed(1).padStart(8);
  return {
    mark(phase) {
      const now = process.hrtime.bigint();
      // Under `node --expose-gc`, the heap after a full collection: the phase's live data.
      (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      const faults = process.resourceUsage().minorPageFault;
      rows.push(`${ms(last, now)} ms  ${phase}  (rss ${mib(mem.rss)} MiB, heap ${mib(mem.heapUsed)}/${mib(mem.heapTotal)} ext ${mib(mem.external)} MiB, ${faults - lastFaults} page faults)`);
      last = now;
      lastFaults = faults;
    },
    done() {
      const now = process.hrtime.bigint();
      const heap = process.memoryUsage();
      rows.push(`${ms(started, now)} ms  scan total (since start of scan; process up ${(process.uptime() * 1000).toFixed(0)} ms, rss ${mib(heap.rss)} MiB, ${process.resourceUsage().minorPageFault} page faults)`);
      const thread = mainThreadSchedule();
      if (thread) rows.push(`${thread.onCpuMs.toFixed(1).padStart(8)} ms  on a CPU, this thread (${thread.waitingMs.toFixed(1)} ms runnable but waiting for one)`);
      process.stderr.write(`license-risk timing:\n${rows.join('\n')}\n`);
    },
  };
}

/**
 * The main thread's own time on a CPU and waiting for one (Linux `schedstat`): on a 2-core
 * machine with a worker thread, the scan's critical path and how much the other threads cost it.
 */
function mainThreadSchedule(): { onCpuMs: number; waitingMs: number } | undefined {
  try {
    const fields = (require('node:fs') as typeof import('node:fs')).readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { onCpuMs: Number(fields[0]) / 1e6, waitingMs: Number(fields[1]) / 1e6 };
  } catch {
    return undefined;
  }
}
