// Scenario 10: evidence documents (issue 17). Upload and download throughput of one 20 MB PDF through the API
// (multipart, streamed, hashed; chunks in PostgreSQL), and the API's resident memory while 8 such uploads stream
// at once, against its memory at rest. Printed, never asserted.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { actorHeaders, AUTH_ENV } from '../lib/actor';
import { BenchDatabases } from '../lib/databases';
import { fmt, Report } from '../lib/report';
import { API_MAIN, rssMiB, sampleRss, startServer } from '../lib/processes';

export interface DocumentsOptions {
  /** Bytes of each document (20 MB in the full run). */
  bytes: number;
  /** Uploads and downloads timed one after the other; the median is reported. */
  repeats: number;
  /** Uploads streaming at once for the memory figure. */
  concurrent: number;
}

const API_PORT = 3911;
const BOUNDARY = 'bench-documents-boundary';

export async function runDocuments(databases: BenchDatabases, report: Report, options: DocumentsOptions): Promise<void> {
  const url = await databases.create('documents');
  const api = await startServer(API_MAIN, { DATABASE_URL: url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', RUN_PROJECTIONS: 'false', ...AUTH_ENV }, API_PORT);
  try {
    const headers = await actorHeaders(api.baseUrl);
    const projectId = randomUUID();
    await json(api.baseUrl, '/projects', headers, {
      projectId,
      title: 'Bench: non-invasive glucose detector',
      summary: 'Documents benchmark',
      deviceType: 'glucose monitor',
      riskClass: 'II',
      targets: [],
      therapeuticArea: 'endocrinology',
      institution: 'Bench Hospital',
      department: 'Endocrinology',
      // A person with an account (the bench's own office user).
      leadClinician: { id: 'bench-office', name: 'Bench Office' },
      partners: [],
    });
    const milestone = await json(api.baseUrl, `/projects/${projectId}/milestones`, headers, { title: 'Bench', description: 'Documents', occurredOn: '2026-05-20' });
    const milestoneId = String(milestone.headers.get('location')).split('/').pop()!;
    // A PDF header and incompressible bytes: what a scanned report looks like to the store.
    const body = (i: number) => Buffer.concat([Buffer.from(`%PDF-1.7\n% bench ${i}\n`), randomBytes(options.bytes - 24)]).subarray(0, options.bytes);
    const mb = options.bytes / 1e6;

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const restMiB = rssMiB(api.process.pid as number);

    const uploads: number[] = [];
    const downloads: number[] = [];
    // CPU seconds the API process spent: on a loaded, shared machine a steadier figure than the wall clock.
    const pid = api.process.pid as number;
    const upCpu: number[] = [];
    const downCpu: number[] = [];
    let documentId = '';
    for (let i = 0; i < options.repeats; i++) {
      const file = body(i);
      const c0 = cpuSeconds(pid);
      const t0 = process.hrtime.bigint();
      const accepted = await upload(api.baseUrl, headers, projectId, milestoneId, file, `report-${i}.pdf`);
      uploads.push(Number(process.hrtime.bigint() - t0) / 1e9);
      upCpu.push(cpuSeconds(pid) - c0);
      documentId = accepted.documentId;
      const c1 = cpuSeconds(pid);
      const t1 = process.hrtime.bigint();
      const got = await download(api.baseUrl, headers, `/projects/${projectId}/documents/${documentId}/content`);
      downloads.push(Number(process.hrtime.bigint() - t1) / 1e9);
      downCpu.push(cpuSeconds(pid) - c1);
      if (got !== file.length) throw new Error(`downloaded ${got} bytes of ${file.length}`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const up = mb / median(uploads);
    const down = mb / median(downloads);
    const cpu = (xs: number[]) => `; API CPU ${fmt(median(xs) * 1000)} ms = ${fmt(mb / Math.max(median(xs), 0.001))} MB per CPU-second`;
    report.add({ scenario: '10 documents', metric: `upload one ${fmt(mb)} MB PDF (multipart, streamed, sha256, database chunks)`, unit: 'MB/s', ours: up, oursText: `${fmt(up)} MB/s (${fmt(median(uploads) * 1000)} ms${cpu(upCpu)})`, goal: '>= 50 MB/s', met: up >= 50 });
    report.add({ scenario: '10 documents', metric: `download it (hash checked while streaming)`, unit: 'MB/s', ours: down, oursText: `${fmt(down)} MB/s (${fmt(median(downloads) * 1000)} ms${cpu(downCpu)})`, goal: '>= 50 MB/s', met: down >= 50 });

    // Memory: 8 uploads at once, sampled every 50 ms, against the memory at rest before any upload.
    // (After the serial uploads and downloads above: how much of the figure below they already account for.)
    const beforeMiB = rssMiB(api.process.pid as number);
    const sampler = sampleRss(api.process.pid as number, 50);
    const t2 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: options.concurrent }, (_, i) => upload(api.baseUrl, headers, projectId, milestoneId, body(1000 + i), `concurrent-${i}.pdf`)));
    const seconds = Number(process.hrtime.bigint() - t2) / 1e9;
    const peakMiB = sampler.stop();
    const above = peakMiB - restMiB;
    report.add({
      scenario: '10 documents',
      metric: `API resident memory during ${options.concurrent} concurrent ${fmt(mb)} MB uploads, above rest (${fmt(restMiB)} MiB)`,
      unit: 'MiB',
      ours: above,
      oursText: `+${fmt(above)} MiB (peak ${fmt(peakMiB)} MiB, ${fmt(beforeMiB)} MiB just before; ${fmt((options.concurrent * mb) / seconds)} MB/s together)`,
      goal: '<= 50 MiB above rest',
      met: above <= 50,
    });
    report.details.documents = { bytes: options.bytes, uploadSeconds: uploads, downloadSeconds: downloads, uploadCpuSeconds: upCpu, downloadCpuSeconds: downCpu, restMiB, beforeMiB, peakMiB, concurrentSeconds: seconds };
  } finally {
    await api.stop();
  }
}

async function json(baseUrl: string, path: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  const res = await fetch(baseUrl + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** One multipart upload, streamed from memory in 64 KiB writes (as a browser sends a file). */
function upload(baseUrl: string, headers: Record<string, string>, projectId: string, milestoneId: string, file: Buffer, name: string): Promise<{ documentId: string }> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmilestone\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="recordId"\r\n\r\n${milestoneId}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path: `/projects/${projectId}/documents`,
        method: 'POST',
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(head.length + file.length + tail.length) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text) as { documentId: string }) : reject(new Error(`upload answered ${res.statusCode}: ${text.slice(0, 300)}`))));
      },
    );
    req.on('error', reject);
    req.write(head);
    let at = 0;
    const pump = () => {
      while (at < file.length) {
        const chunk = file.subarray(at, at + 64 * 1024);
        at += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

/** The whole body read and counted, never kept. */
function download(baseUrl: string, headers: Record<string, string>, path: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    http
      .get({ host: hostname, port, path, headers }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`download answered ${res.statusCode}`));
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve(bytes));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** User + system CPU seconds of a process so far, from /proc (Linux; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
