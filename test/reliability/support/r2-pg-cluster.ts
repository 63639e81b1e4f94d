import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PostgresDatabase } from '../../../libs/platform/src/database';
import type { TestDatabase } from '../../../libs/platform/src/testing';
import { freePort } from '../../e2e/support/processes';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL 15 cluster of the test's own, on a free loopback port, that the test may stop and start
 * at will (the machine's shared server is never touched). PostgreSQL refuses to run as root, so as root the
 * binaries run as user postgres. fsync is off for speed; synchronous_commit stays on, so an acknowledged commit
 * survives `pg_ctl stop -m immediate` (a crash of the server, not of the machine).
 */
export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** postgres://… of the cluster's `postgres` database (trust auth). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'r2-pg-'));
    if (isRoot()) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const cluster = new PgCluster(dir, await freePort());
    try {
      await cluster.pg('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
      await cluster.start();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c full_page_writes=off`;
    await this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  }

  /** `immediate` is a crash as far as clients see: every connection is cut, nothing is shut down cleanly. */
  async stop(mode: 'immediate' | 'fast' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-w', '-t', '60', '-m', mode, 'stop']);
  }

  /** Stops the server if it runs and removes its files; safe to call more than once. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A pool on the cluster in the shape of the test helpers' TestDatabase (drop closes the pool only). */
  connect(poolSize = 5): TestDatabase {
    const db = new PostgresDatabase({ connectionString: this.url, max: poolSize });
    return { db, url: this.url, drop: () => db.close() };
  }

  private async pg(binary: string, args: string[]): Promise<void> {
    const file = join(PG_BIN, binary);
    const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    try {
      await run(cmd, argv, { timeout: 90_000 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${binary} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
    }
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
