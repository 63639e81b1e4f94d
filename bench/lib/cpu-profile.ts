// CPU profiles in Chrome DevTools' format (open in DevTools or speedscope; bench/profiles.md summarises them).
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Starts profiling this process; `stop()` writes <dir>/<name>-<pid>.cpuprofile and returns its path. */
export function startCpuProfile(dir: string, name: string): { stop(): string | null } {
  const session = new Session();
  session.connect();
  // 0.5 ms samples: resolution for requests of a few milliseconds, a small enough file for a minute of load.
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  let file: string | null = null;
  let stopped = false;
  return {
    stop() {
      if (stopped) return file;
      stopped = true;
      // The in-process session answers synchronously.
      session.post('Profiler.stop', (error, result) => {
        if (error) return void process.stderr.write(`cpu profile: ${error.message}\n`);
        file = join(dir, `${name}-${process.pid}.cpuprofile`);
        writeFileSync(file, JSON.stringify(result.profile));
      });
      session.disconnect();
      return file;
    },
  };
}
