// Preloaded into the API by the sustained-load test (NODE_OPTIONS=--require): SIGWINCH (ignored by default, and
// not one of the signals Nest's shutdown hooks take) runs full garbage collections and reports what is left, so
// resident memory is compared at what the process retains, not at where V8's lazy collector happened to be (the
// heap in use swings between ~50 and ~170 MiB under that load without any leak). A second and third pass let V8
// release the pages the first one emptied.
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const mib = (n) => Math.round(n / 2 ** 20);

process.on('SIGWINCH', () => {
  gc();
  setTimeout(() => {
    gc();
    setTimeout(() => {
      gc();
      const m = process.memoryUsage();
      console.error(`r1-gc: ${mib(m.heapUsed)} MiB heap in use after a full collection (heap total ${mib(m.heapTotal)}, external ${mib(m.external)}, rss ${mib(m.rss)})`);
    }, 100);
  }, 100);
});
