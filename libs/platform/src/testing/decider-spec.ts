// given(events).when(command).then(events) / .thenThrows(code) for any pure decider (Emmett's DeciderSpecification).
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export interface DeciderThen<Event> {
  then(expected: Event[]): void;
  /** Expects an error whose `code` equals `code`, and whose `details` contain `details` when given. */
  thenThrows(code: string, details?: Record<string, unknown>): void;
}

export interface DeciderGiven<Command, Event> {
  when(command: Command): DeciderThen<Event>;
}

export interface DeciderSpec<Command, Event> {
  given(events?: Event[]): DeciderGiven<Command, Event>;
}

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>): DeciderSpec<Command, Event> {
  return {
    given: (events = []) => ({
      when: (command) => {
        // Lazy, so a throwing decide is caught by thenThrows rather than by the test.
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected) => {
            expect(run()).toEqual(expected);
          },
          thenThrows: (code, details) => {
            let produced: Event[] | undefined;
            try {
              produced = run();
            } catch (error) {
              expect(error).toMatchObject({ code });
              if (details) expect((error as { details?: unknown }).details).toMatchObject(details);
              return;
            }
            throw new Error(`Expected error ${code}, but decide returned ${JSON.stringify(produced)}`);
          },
        };
      },
    }),
  };
}
