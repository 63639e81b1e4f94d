import type { TransferProgress } from '@app/event-store';

/**
 * A progress line on stderr (stdout stays for the result): redrawn in place on a terminal, else a line every few
 * seconds, so a log of a long export or import stays short.
 */
export function progressLine(verb: string, stream: NodeJS.WriteStream = process.stderr): { update(p: TransferProgress): void; done(): void } {
  const started = Date.now();
  let lastPrinted = 0;
  let pending = '';
  const render = (p: TransferProgress) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const of = p.total !== undefined ? `/${p.total}${p.total ? ` (${Math.floor((100 * p.done) / p.total)}%)` : ''}` : '';
    const rate = p.phase === 'events' ? `, ${Math.round(p.done / seconds)} events/s` : '';
    return `${verb} ${p.phase}: ${p.done}${of}${rate}`;
  };
  return {
    update(p) {
      pending = render(p);
      const now = Date.now();
      if (stream.isTTY) {
        if (now - lastPrinted > 100) stream.write(`\r\x1b[K${pending}`);
      } else if (now - lastPrinted > 2000) {
        stream.write(`${pending}\n`);
      } else return;
      lastPrinted = now;
    },
    done() {
      if (pending) stream.write(stream.isTTY ? `\r\x1b[K${pending}\n` : `${pending}\n`);
      pending = '';
    },
  };
}

/** The value after `--name`, or undefined. */
export function option(name: string, args: readonly string[] = process.argv.slice(2)): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
