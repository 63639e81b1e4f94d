import {
  EVENT_SCHEMA_VERSION,
  isProjectEventType,
  PERMITTED_ROLES,
  PROJECT_COMMAND_TYPES,
  PROJECT_EVENT_TYPES,
} from './index';

describe('catalogues', () => {
  it('lists every event type once, all at schema version 1', () => {
    expect(new Set(PROJECT_EVENT_TYPES).size).toBe(PROJECT_EVENT_TYPES.length);
    expect(PROJECT_EVENT_TYPES).toHaveLength(46);
    expect(Object.values(EVENT_SCHEMA_VERSION).every((v) => v === 1)).toBe(true);
    expect(isProjectEventType('StageAdvanced')).toBe(true);
    expect(isProjectEventType('toString')).toBe(false);
  });

  it('lists every command type once, each with the roles allowed to send it', () => {
    expect(new Set(PROJECT_COMMAND_TYPES).size).toBe(44);
    expect(Object.keys(PERMITTED_ROLES).sort()).toEqual([...PROJECT_COMMAND_TYPES].sort());
  });
});
