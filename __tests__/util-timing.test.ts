import { phaseTimer } from '../src/util/timing';

/**
 * `LICENSE_RISK_TIMING=1` (bench/README.md, "Profiling"): phase timings on stderr, with each
 * phase's page faults and, on Linux, the main thread's time on a CPU and waiting for one.
 */
describe('phaseTimer', () => {
  const captured = () => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let text = '';
    return {
      text: () => text,
      restore: () => {
        text = spy.mock.calls.map((call) => String(call[0])).join('');
        spy.mockRestore();
      },
    };
  };

  it('prints nothing unless asked', () => {
    const out = captured();
    const timer = phaseTimer({});
    timer.mark('read');
    timer.done();
    out.restore();
    expect(out.text()).toBe('');
  });

  it('prints each phase with its memory and page faults, then the totals', () => {
    const out = captured();
    const timer = phaseTimer({ LICENSE_RISK_TIMING: '1' });
    timer.mark('config');
    timer.mark('read npm');
    timer.done();
    out.restore();
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toBe('license-risk timing:');
    expect(lines[1]).toMatch(/^ +\d+\.\d ms {2}config {2}\(rss \d+ MiB, heap \d+\/\d+ ext \d+ MiB, \d+ page faults\)$/);
    expect(lines[2]).toMatch(/ms {2}read npm {2}\(/);
    expect(lines[3]).toMatch(/ms {2}scan total \(since start of scan; process up \d+ ms, rss \d+ MiB, \d+ page faults\)$/);
    if (process.platform === 'linux') expect(lines[4]).toMatch(/^ +\d+\.\d ms {2}on a CPU, this thread \(\d+\.\d ms runnable but waiting for one\)$/);
  });
});
