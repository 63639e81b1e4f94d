import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite, Transaction } from '@electric-sql/pglite';
import { SqlDatabase, SqlExecutor, SqlResult } from './sql-database';

// A freshly initialised PGlite cluster, kept once per machine and PGlite version (as a directory, and as a
// tar for in-memory databases): a new database (a fresh DATA_DIR, each in-memory test database) starts from
// a copy instead of running initdb again, which took most of a first start (seconds of WASM) and left its
// memory (hundreds of MiB) behind in the process.
const TEMPLATE_DIR = join(tmpdir(), 'medtech-pipeline');

// initdb runs in a worker thread, so its WASM memory goes with the thread. Evaluated as CommonJS: the package
// resolves from the working directory, as the application's own modules do.
const INITDB_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
PGlite.create({ dataDir: workerData }).then(async (db) => {
  const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
  await db.close();
  parentPort.postMessage(tar, [tar.buffer]);
});
`;

// PGlite touches its whole buffer pool when it starts: PostgreSQL's default 128MB made it most of the embedded
// API's memory. One session on a local disk does with less (32MB: about 100 MiB less resident; 16MB another 25 MiB,
// and the embedded record's working set, the demo's and a department's, still fits).
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * The schema a new embedded database is to have: `apply` migrates a database to it, `key` names exactly that schema
 * (a hash of every migration), so a cluster once migrated can be copied for the next fresh data directory.
 */
export interface DatabaseSchema {
  key: string;
  apply(db: SqlDatabase): Promise<unknown>;
}

// A schema template this old, when another schema's is made, most likely belongs to code no longer run here.
const STALE_SCHEMA_TEMPLATE_MS = 24 * 3600_000;

interface ClusterTemplate {
  /** A cluster directory to copy into a new data directory. */
  directory: string;
  /** The same cluster as a tar, for PGlite's loadDataDir (in memory). */
  tar: string;
}

// PGlite is one session: its own transaction() holds a lock that every other query waits on,
// so transactions never interleave. Do not issue BEGIN/COMMIT by hand against it.
export class PgliteDatabase implements SqlDatabase {
  readonly engine = 'pglite' as const;

  constructor(readonly db: PGlite) {}

  /**
   * The cluster in `dataDir` (created there when new), or a new one in memory. A new cluster in `dataDir` with a
   * `schema` starts as a copy of a cluster already migrated to it, made by the first such start on this machine:
   * migrating a fresh cluster (some sixty statements of DDL in WASM) was a third of the embedded API's first start
   * and grew PGlite's memory, which WASM never gives back. Whatever migrates the database afterwards finds nothing
   * left to do (or only what is newer, were a template ever behind).
   */
  static async open(dataDir?: string, schema?: DatabaseSchema): Promise<PgliteDatabase> {
    const fresh = dataDir === undefined || !existsSync(join(dataDir, 'PG_VERSION'));
    if (fresh && dataDir !== undefined && schema) {
      if (copySchemaTemplate(schema, dataDir)) return new PgliteDatabase(await PGlite.create({ dataDir, startParams: START_PARAMS }));
    }
    const template = fresh ? await clusterTemplate() : undefined;
    if (template && dataDir !== undefined) {
      cpSync(template.directory, dataDir, { recursive: true });
      const db = new PgliteDatabase(await PGlite.create({ dataDir, startParams: START_PARAMS }));
      if (!schema) return db;
      await schema.apply(db);
      await db.close();
      await keepAsSchemaTemplate(dataDir, schema).catch(() => undefined);
      return new PgliteDatabase(await PGlite.create({ dataDir, startParams: START_PARAMS }));
    }
    const tar = template && (await readFile(template.tar).catch(() => undefined));
    return new PgliteDatabase(await PGlite.create({ dataDir, startParams: START_PARAMS, ...(tar ? { loadDataDir: new Blob([tar]) } : {}) }));
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    return toResult<R>(await this.db.query<R>(text, params as unknown[]));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(transactionExecutor(tx)));
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

let making: Promise<ClusterTemplate | undefined> | undefined;

// Undefined when no template can be had (say, the package does not resolve from the working directory):
// then PGlite runs initdb itself, as it would without us.
async function clusterTemplate(): Promise<ClusterTemplate | undefined> {
  const base = join(TEMPLATE_DIR, `pglite-${pgliteVersion()}-cluster`);
  const template = { directory: base, tar: `${base}.tar` };
  if (existsSync(join(template.directory, 'PG_VERSION')) && existsSync(template.tar)) return template;
  making ??= makeTemplate(template)
    .catch(() => undefined)
    .finally(() => (making = undefined));
  return making;
}

// Made aside and renamed into place: a process starting meanwhile sees a whole template or none.
async function makeTemplate(template: ClusterTemplate): Promise<ClusterTemplate> {
  const aside = `${template.directory}.${process.pid}.${Date.now()}`;
  await mkdir(TEMPLATE_DIR, { recursive: true });
  try {
    const tar = await initdbInWorker(aside);
    await writeFile(`${aside}.tar`, tar);
    await rename(`${aside}.tar`, template.tar);
    // Another process may have put its directory there first; theirs is as good.
    await rename(aside, template.directory).catch(() => undefined);
    return template;
  } finally {
    await rm(aside, { recursive: true, force: true });
    await rm(`${aside}.tar`, { force: true });
  }
}

function schemaTemplateDir(schema: DatabaseSchema): string {
  return join(TEMPLATE_DIR, `pglite-${pgliteVersion()}-schema-${schema.key}`);
}

// Whether the schema's template was copied into `dataDir`. Synchronous: nothing else runs yet, and it is faster than
// the promise-based copy of ~1,000 small files. A copy that fails (another process removing an old template) is
// cleared away, and the cluster is made as without a template.
function copySchemaTemplate(schema: DatabaseSchema, dataDir: string): boolean {
  const template = schemaTemplateDir(schema);
  if (!existsSync(join(template, 'PG_VERSION'))) return false;
  try {
    cpSync(template, dataDir, { recursive: true });
    return true;
  } catch {
    for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    return false;
  }
}

// A copy of the closed, just migrated cluster in `dataDir` becomes the schema's template (made aside and renamed into
// place, as the cluster template is); other schemas' templates made over a day ago are removed.
async function keepAsSchemaTemplate(dataDir: string, schema: DatabaseSchema): Promise<void> {
  const target = schemaTemplateDir(schema);
  if (existsSync(join(target, 'PG_VERSION'))) return;
  const aside = `${target}.${process.pid}.${Date.now()}`;
  try {
    await cp(dataDir, aside, { recursive: true });
    await rename(aside, target).catch(() => undefined);
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
  const prefix = `pglite-${pgliteVersion()}-schema-`;
  for (const name of readdirSync(TEMPLATE_DIR)) {
    const path = join(TEMPLATE_DIR, name);
    if (!name.startsWith(prefix) || path === target) continue;
    if (Date.now() - statSync(path).mtimeMs > STALE_SCHEMA_TEMPLATE_MS) await rm(path, { recursive: true, force: true });
  }
}

// The installed package's version (the template is only good for it), resolved from the working directory
// as the initdb worker resolves the package.
function pgliteVersion(): string {
  try {
    const entry = createRequire(join(process.cwd(), 'package.json')).resolve('@electric-sql/pglite');
    for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    }
  } catch {
    // not resolvable from here: the worker could not load it either
  }
  return 'unresolved';
}

function initdbInWorker(dataDir: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(INITDB_WORKER, { eval: true, workerData: dataDir });
    worker.once('message', (tar: Uint8Array) => resolve(tar));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`PGlite initdb worker exited with ${code}`)));
  });
}

function transactionExecutor(tx: Transaction): SqlExecutor {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      return toResult<R>(await tx.query<R>(text, params as unknown[]));
    },
    // PGlite writes a COPY into a blob it returns whole: callers page large queries.
    async *copyBinary(select: string): AsyncIterable<Buffer> {
      const { blob } = await tx.query(`COPY (${select}) TO '/dev/blob' (FORMAT binary)`);
      if (!blob) throw new Error('PGlite returned no COPY data');
      yield Buffer.from(await blob.arrayBuffer());
    },
  };
}

function toResult<R>(result: { rows: R[]; affectedRows?: number }): SqlResult<R> {
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
