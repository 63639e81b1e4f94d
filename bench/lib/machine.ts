import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchDatabases } from './databases';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  settings: Record<string, string>;
  /** 1-minute load average at the start and at the end: others' work on the machine moves every figure. */
  loadAverage: { start: number; end: number | null };
}

// Durability and sizing settings that move append and rebuild figures.
const SETTINGS = [
  'synchronous_commit',
  'fsync',
  'full_page_writes',
  'wal_sync_method',
  'commit_delay',
  'shared_buffers',
  'work_mem',
  'max_wal_size',
  'max_connections',
];

export async function describeMachine(databases: BenchDatabases): Promise<MachineInfo> {
  const settings: Record<string, string> = {};
  const postgres = await databases.admin(async (client) => {
    for (const name of SETTINGS) settings[name] = (await client.query(`SHOW ${name}`)).rows[0][name];
    return (await client.query<{ version: string }>('SELECT version()')).rows[0].version.split(' on ')[0];
  });
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    settings,
    loadAverage: { start: round(loadavg()[0]), end: null },
  };
}

export function finishMachine(machine: MachineInfo): void {
  machine.loadAverage.end = round(loadavg()[0]);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
