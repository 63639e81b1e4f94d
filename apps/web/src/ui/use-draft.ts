import { useCallback, useEffect, useState } from 'react';

// Unsaved form input, kept in this tab's sessionStorage while the form is open: when the session ends (an expired
// or revoked token sends the user to sign in and back), the form opens again with what was typed. Keyed by screen
// (and project); cleared once the form's write succeeded. Never holds a password.
const PREFIX = 'draft:';

export function readDraft<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Like useState, but the value survives a sign-in round trip in this tab; `clear` forgets it. */
export function useDraft<T>(key: string, initial: T | (() => T)): [T, (next: T | ((current: T) => T)) => void, () => void] {
  const [value, setValue] = useState<T>(() => readDraft<T>(key) ?? (typeof initial === 'function' ? (initial as () => T)() : initial));
  useEffect(() => {
    try {
      sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // A full or unavailable storage only loses the draft, never the form.
    }
  }, [key, value]);
  const clear = useCallback(() => sessionStorage.removeItem(PREFIX + key), [key]);
  return [value, setValue, clear];
}
