import { Client } from 'pg';

/** Fresh databases on the server named by DATABASE_URL, created for one run and dropped at its end. */
export class BenchDatabases {
  private readonly created: string[] = [];
  private readonly prefix = `bench_${Date.now().toString(36)}_${process.pid}`;

  constructor(private readonly baseUrl: string) {}

  async create(suffix: string): Promise<string> {
    const name = `${this.prefix}_${suffix}`;
    await this.admin((c) => c.query(`CREATE DATABASE ${name}`));
    this.created.push(name);
    return this.urlOf(name);
  }

  async dropAll(): Promise<void> {
    for (const name of this.created.splice(0)) {
      await this.admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch((error: unknown) => {
        console.error(`could not drop ${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  /** Runs one statement on the server's own database (server settings, version). */
  async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.baseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  private urlOf(name: string): string {
    const url = new URL(this.baseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
}
