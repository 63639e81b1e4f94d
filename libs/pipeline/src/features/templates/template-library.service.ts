import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { RequestContext } from '../../application';
import {
  BUILT_IN_TEMPLATES,
  decideTemplate,
  TEMPLATE_EVENT_SCHEMA_VERSION,
  latestVersion,
  templateStateOf,
  versionOf,
} from '../../domain/templates';
import type { TemplateCommand, TemplateEvent, TemplateLibraryState, TemplateVersion } from '../../domain/templates';
import { problem, ProblemError } from '@app/platform';

/** One stream per template: its versions, each recorded as an event (projections read only project- streams). */
export const TEMPLATE_STREAM_PREFIX = 'template-';

@Injectable()
export class TemplateLibrary {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(templateId: string): Promise<TemplateLibraryState> {
    const events = await this.store.readStream(`${TEMPLATE_STREAM_PREFIX}${templateId}`);
    return templateStateOf(
      templateId,
      events.map((e) => ({ type: e.type, data: e.data }) as TemplateEvent),
    );
  }

  /** Decides an admin's change on the template's stream and appends it at the revision decided on. */
  async execute(
    templateId: string,
    command: Omit<TemplateCommand, 'metadata'>,
    context: RequestContext,
  ): Promise<TemplateLibraryState> {
    const state = await this.load(templateId);
    const now = new Date().toISOString();
    const events = decideTemplate({ ...command, metadata: { actor: context.actor, now } } as TemplateCommand, state);
    await this.store.append(
      `${TEMPLATE_STREAM_PREFIX}${templateId}`,
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: TEMPLATE_EVENT_SCHEMA_VERSION[e.type],
        data: e.data,
        metadata: {
          occurredAt: now,
          actor: context.actor,
          ...(e.type === 'TemplateRevised' ? { reason: e.data.reason } : {}),
          correlationId: context.requestId,
          causationId: context.requestId,
        },
      })),
      { expectedRevision: state.revision < 0 ? 'no_stream' : state.revision },
    );
    return this.load(templateId);
  }

  /** A template's version as the library holds it (the latest when none is named); 404 when there is none. */
  async version(templateId: string, version?: number): Promise<TemplateVersion> {
    const state = await this.load(templateId);
    const found = version === undefined ? latestVersion(state) : versionOf(state, version);
    if (!found) {
      const detail = `No template ${templateId}${version === undefined ? '' : ` version ${version}`}.`;
      throw new ProblemError(problem(404, 'template_not_found', 'Template not found', { detail }));
    }
    return found;
  }

  /** Every template: the built-in ones (revised or not), then those admins defined, each with all its versions. */
  async all(): Promise<TemplateLibraryState[]> {
    const byStream = new Map<string, TemplateEvent[]>();
    let after: RecordedEvent['checkpoint'] | null = null;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 500, streamPrefix: TEMPLATE_STREAM_PREFIX });
      for (const e of page.events) {
        const id = e.streamId.slice(TEMPLATE_STREAM_PREFIX.length);
        byStream.set(id, [...(byStream.get(id) ?? []), { type: e.type, data: e.data } as TemplateEvent]);
      }
      if (page.isEnd || page.events.length === 0) break;
      after = page.events[page.events.length - 1].checkpoint;
    }
    const builtIn = BUILT_IN_TEMPLATES.map((t) => t.templateId);
    const defined = [...byStream.keys()].filter((id) => !builtIn.includes(id)).sort();
    return [...builtIn, ...defined].map((id) => templateStateOf(id, byStream.get(id) ?? []));
  }
}
