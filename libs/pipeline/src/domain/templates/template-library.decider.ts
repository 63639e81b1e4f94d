// The template library: one stream per template, each change a new version recorded as an event. The built-in
// templates are version 1 of their streams without an event; an admin may revise them or define new ones.
import { DomainError } from '../shared/errors';
import type { Command, Event } from '../shared/shapes';
import { BUILT_IN_TEMPLATES } from './builtin';
import type { PathwayTemplate, TemplateVersion } from './template.model';
import { validateTemplate } from './template.validation';

export type DefineTemplate = Command<'DefineTemplate', { template: PathwayTemplate }>;
export type ReviseTemplate = Command<
  'ReviseTemplate',
  {
    templateId: string;
    /** The version the admin edited: a stale edit is refused. */ expectedVersion: number;
    template: PathwayTemplate;
    reason: string;
  }
>;
export type TemplateCommand = DefineTemplate | ReviseTemplate;

export type TemplateDefined = Event<'TemplateDefined', TemplateVersion & { definedAt: string }>;
export type TemplateRevised = Event<'TemplateRevised', TemplateVersion & { reason: string; revisedAt: string }>;
export type TemplateEvent = TemplateDefined | TemplateRevised;

export const TEMPLATE_EVENT_SCHEMA_VERSION = { TemplateDefined: 1, TemplateRevised: 1 } as const satisfies Record<
  TemplateEvent['type'],
  number
>;

/** A template's versions, oldest first; a built-in's first version is its code, with `recordedAt` null. */
export interface TemplateLibraryState {
  revision: number;
  templateId: string | null;
  versions: (TemplateVersion & { recordedAt: string | null; reason: string | null })[];
}

const BUILT_IN = new Map(BUILT_IN_TEMPLATES.map((t) => [t.templateId, t]));

export function builtInVersion(templateId: string): TemplateVersion | null {
  const template = BUILT_IN.get(templateId);
  return template ? { templateId, version: 1, template } : null;
}

export function initialTemplateState(): TemplateLibraryState {
  return { revision: -1, templateId: null, versions: [] };
}

/** The state of `templateId`'s stream before its first event: the built-in version, when there is one. */
export function templateStateOf(templateId: string, events: readonly TemplateEvent[]): TemplateLibraryState {
  const builtIn = builtInVersion(templateId);
  const start: TemplateLibraryState = builtIn
    ? { revision: -1, templateId, versions: [{ ...builtIn, recordedAt: null, reason: null }] }
    : { ...initialTemplateState(), templateId };
  return events.reduce(evolveTemplate, start);
}

export function evolveTemplate(state: TemplateLibraryState, event: TemplateEvent): TemplateLibraryState {
  const { templateId, version, template } = event.data;
  const recordedAt = event.type === 'TemplateDefined' ? event.data.definedAt : event.data.revisedAt;
  const reason = event.type === 'TemplateRevised' ? event.data.reason : null;
  return {
    revision: state.revision + 1,
    templateId,
    versions: [...state.versions, { templateId, version, template, recordedAt, reason }],
  };
}

export function latestVersion(state: TemplateLibraryState): TemplateVersion | null {
  const last = state.versions[state.versions.length - 1];
  return last ? { templateId: last.templateId, version: last.version, template: last.template } : null;
}

export function versionOf(state: TemplateLibraryState, version: number): TemplateVersion | null {
  const found = state.versions.find((v) => v.version === version);
  return found ? { templateId: found.templateId, version: found.version, template: found.template } : null;
}

/** Only an admin changes the library; every version must be a template that can be completed. */
export function decideTemplate(command: TemplateCommand, state: TemplateLibraryState): TemplateEvent[] {
  const { actor, now } = command.metadata;
  if (actor.role !== 'admin') {
    throw new DomainError('role_not_permitted', `Role ${actor.role} may not ${command.type}.`, {
      role: actor.role,
      command: command.type,
    });
  }
  const template = command.data.template;
  const problems = validateTemplate(template);
  if (problems.length > 0) {
    throw new DomainError('invalid_template', `The template cannot be used: ${problems[0].message}`, { problems });
  }
  const current = latestVersion(state);
  switch (command.type) {
    case 'DefineTemplate':
      if (current || BUILT_IN.has(template.templateId)) {
        throw new DomainError(
          'template_already_exists',
          `Template ${template.templateId} already exists: revise it instead.`,
          {
            templateId: template.templateId,
          },
        );
      }
      return [
        { type: 'TemplateDefined', data: { templateId: template.templateId, version: 1, template, definedAt: now } },
      ];
    case 'ReviseTemplate': {
      const { templateId, expectedVersion } = command.data;
      const reason = command.data.reason?.trim();
      if (!current || current.templateId !== templateId) {
        throw new DomainError('template_not_found', `No template ${templateId}.`, { templateId });
      }
      if (template.templateId !== templateId) {
        throw new DomainError('invalid_template', 'A revision keeps the template id.', {
          templateId,
          given: template.templateId,
        });
      }
      if (expectedVersion !== current.version) {
        throw new DomainError(
          'template_version_mismatch',
          `Template ${templateId} is at version ${current.version}, not ${expectedVersion}.`,
          {
            templateId,
            currentVersion: current.version,
            expectedVersion,
          },
        );
      }
      if (!reason) throw new DomainError('reason_required', 'A revision of a template says why.');
      if (JSON.stringify(template) === JSON.stringify(current.template)) {
        throw new DomainError('template_unchanged', `The revision does not change template ${templateId}.`, {
          templateId,
        });
      }
      return [
        {
          type: 'TemplateRevised',
          data: { templateId, version: current.version + 1, template, reason, revisedAt: now },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}
