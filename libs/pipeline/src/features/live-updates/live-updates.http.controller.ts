import { Controller, Get, Headers, Inject, OnApplicationShutdown, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_STORE } from '@app/event-store';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { APP_ROLES, AppConfig, problem, ProblemError, Roles } from '@app/platform';
import { PROJECT_STREAM_PREFIX } from '../../application/project-stream';

// Proxies close a silent connection after a minute or so; a comment line every 15 s keeps it open.
const HEARTBEAT_MS = 15_000;

/** What a screen needs to know that a project changed; it then reads the project or the board again. */
export interface ProjectChanged {
  projectId: string;
  type: string;
  revision: number;
  globalPosition: number;
  recordedAt: string;
}

/**
 * Live updates as server-sent events, fed by the event store's own subscription (never by the in-process
 * event bus): every event of a project stream, in delivery order, as a `project-changed` message whose `id` is
 * the store's checkpoint. A client that reconnects sends it back (`Last-Event-ID`, or `?after=`) and receives
 * everything it missed before the live tail, so nothing committed in between is skipped.
 */
@ApiTags('live')
@Controller('live')
export class LiveUpdatesHttpController implements OnApplicationShutdown {
  private readonly open = new Set<() => Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: AppConfig,
  ) {}

  @Get('events')
  @Roles(...APP_ROLES)
  @ApiOperation({
    summary: 'Server-sent events: a message each time a project changes',
    description:
      'text/event-stream of `project-changed` messages ({projectId, type, revision, globalPosition, recordedAt}); each `id` ' +
      'is the store checkpoint after that event. Reconnect with Last-Event-ID (or ?after=) to catch up from there; ' +
      'without one the stream starts at the current head. Authenticated like every route (bearer token).',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last message received' })
  @ApiQuery({ name: 'after', required: false, description: 'Same as Last-Event-ID, for clients that cannot set it' })
  @ApiOkResponse({ description: 'The event stream; it stays open' })
  async events(
    @Req() req: Request,
    @Res() res: Response,
    @Headers('last-event-id') lastEventId?: string,
    @Query('after') afterParam?: string,
  ): Promise<void> {
    const given = lastEventId ?? afterParam;
    const after = given !== undefined && given !== '' ? parseCheckpoint(given) : await this.store.headCheckpoint();

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies buffer responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\n: connected\n\n`);

    let subscription: Subscription | undefined;
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.open.delete(close);
      await subscription?.stop().catch(() => undefined);
      res.end();
    };
    this.open.add(close);
    req.on('close', () => void close());
    // A stream outlives no token: the client reconnects with a fresh one and its Last-Event-ID, losing nothing,
    // and a locked account or changed role takes effect there.
    const expiry = setTimeout(() => void close(), this.config.AUTH_TOKEN_TTL_SECONDS * 1000);
    expiry.unref();
    req.on('close', () => clearTimeout(expiry));

    subscription = this.store.subscribe({
      after,
      handler: async (events: RecordedEvent[]) => {
        if (closed) return;
        const messages = events
          .filter((e) => e.streamId.startsWith(PROJECT_STREAM_PREFIX))
          .map((e) => message(e));
        // A batch with no project event still moves the client's checkpoint, so a reconnect does not re-read it.
        const last = events[events.length - 1];
        const text = messages.length ? messages.join('') : last ? `: at ${encodeCheckpoint(last.checkpoint)}\n\n` : '';
        if (text && !res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve));
      },
      onError: () => void close(),
    });
  }

  // Open streams would keep the HTTP server from closing: end them when the app shuts down.
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((close) => close()));
  }
}

function message(event: RecordedEvent): string {
  const body: ProjectChanged = {
    projectId: event.streamId.slice(PROJECT_STREAM_PREFIX.length),
    type: event.type,
    revision: event.revision,
    globalPosition: event.globalPosition,
    recordedAt: event.recordedAt,
  };
  return `id: ${encodeCheckpoint(event.checkpoint)}\nevent: project-changed\ndata: ${JSON.stringify(body)}\n\n`;
}

/** A checkpoint as an opaque message id (base64url of its JSON), and back. */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return Buffer.from(JSON.stringify([checkpoint.transactionId, checkpoint.globalPosition])).toString('base64url');
}

export function parseCheckpoint(id: string): Checkpoint {
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isSafeInteger(value[1]) && value[1] >= 0 && value[0].length <= 64) {
      return { transactionId: value[0], globalPosition: value[1] };
    }
  } catch {
    // fall through to the refusal
  }
  throw new ProblemError(
    problem(400, 'invalid_last_event_id', 'Invalid Last-Event-ID', { detail: 'Send back the id of a message this stream sent, or nothing.' }),
  );
}
