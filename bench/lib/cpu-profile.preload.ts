// Loaded into a server under test with `--require` when BENCH_CPU_PROF names a directory (see processes.ts):
// profiles the whole process and writes the profile there when the bench stops it. Node's own --cpu-prof
// writes only on a normal exit, and Nest ends on SIGTERM by raising the signal again.
import { basename } from 'node:path';
import { startCpuProfile } from './cpu-profile';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const profile = startCpuProfile(dir, basename(process.argv[1] ?? 'node', '.js'));
  // Registered before the app's own handlers: written first, then the app shuts down as usual; its re-raised
  // signal finds this listener still there, so the process exits here.
  let signals = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      profile.stop();
      if (++signals > 1) process.exit(0);
    });
  }
  process.once('exit', () => profile.stop());
}
