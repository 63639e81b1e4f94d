import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
// The catalogues, in English (the tests read the screens' English words).
import { setLanguage } from './i18n';

await setLanguage('en', false);

// jsdom lacks what Mantine asks the browser for (media queries, resize observation).
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
window.HTMLElement.prototype.scrollIntoView ??= () => {};
// Mantine's autosizing textarea waits for fonts to load.
if (!document.fonts) Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() } });

afterEach(() => cleanup());
