/**
 * The browser APIs that Fluent UI's motion and positioning look for and jsdom lacks
 * (matchMedia, ResizeObserver), as inert stand-ins. For the pane's jsdom tests: call in beforeAll.
 */
export function installFluentDomShims(): void {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
