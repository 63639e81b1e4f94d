import { RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * Whether the element's content is wider than the element (a row of links that would have to scroll sideways).
 * Once crowded it stays so until the window is wide enough for all of the content again, measured when it became
 * crowded; then the content is shown and measured anew. A new `content` (another language, other places) measures
 * anew at once. Measured before the browser paints, so the crowded row is never drawn.
 */
export function useCrowded(ref: RefObject<HTMLElement | null>, content: string): boolean {
  const [crowded, setCrowded] = useState(false);
  // The window's width at which the content fits, worked out when it stopped fitting.
  const fitsFrom = useRef(0);
  const lastContent = useRef(content);

  useLayoutEffect(() => {
    if (lastContent.current !== content) {
      lastContent.current = content;
      if (crowded) {
        setCrowded(false);
        return;
      }
    }
    const element = ref.current;
    if (!element || crowded) return;
    const measure = () => {
      const over = element.scrollWidth - element.clientWidth;
      // A hidden element (a phone's width, where the menu is the way anyway) measures 0 wide: nothing to decide.
      if (element.clientWidth > 0 && over > 1) {
        fitsFrom.current = window.innerWidth + over;
        setCrowded(true);
      }
    };
    measure();
    // The element or any of its items changing size (a count appearing beside the inbox, fonts arriving).
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [ref, content, crowded]);

  useEffect(() => {
    if (!crowded) return;
    const widened = () => window.innerWidth >= fitsFrom.current && setCrowded(false);
    window.addEventListener('resize', widened);
    return () => window.removeEventListener('resize', widened);
  }, [crowded]);

  return crowded;
}
