// Loaded with `node --import`: reports at exit, on stderr as one "PROBE {json}" line, the
// kernel's peak RSS and the CPU time (user + system) of the process, plus a coarse breakdown
// of memory sampled every 100 ms (sampling more often would itself cost measurable CPU).
// Used by the benchmark, never by users.
import { writeSync } from 'node:fs';

const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
const timer = setInterval(sample, 100);
timer.unref();
process.on('exit', () => {
  sample();
  const usage = process.resourceUsage();
  const mb = (n) => Math.round((n / 1048576) * 10) / 10;
  const report = {
    maxRssMb: mb(usage.maxRSS * 1024),
    rssMb: mb(peak.rss),
    heapUsedMb: mb(peak.heapUsed),
    externalMb: mb(peak.external),
    arrayBuffersMb: mb(peak.arrayBuffers),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
  };
  writeSync(2, `PROBE ${JSON.stringify(report)}\n`);
});
