import { type CSSVariablesResolver, createTheme, darken } from '@mantine/core';

// Colours and names tuned to WCAG AA, which the browser tests check with axe on every page.

export const theme = createTheme({
  primaryColor: 'blue',
  // White on Mantine's default blue-6 is 3.5:1, and so are blue-6 links on white; blue-8 is 5:1.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  // Visible focus for keyboard users, never for mouse clicks.
  focusRing: 'auto',
  // Plain objects, not `Modal.extend(…)`: importing the components here would pull them all into
  // the first load (the bundle budget test measures it).
  components: {
    // Every × gets a name a screen reader can say.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    // A table wider than a phone scrolls sideways; keyboard users must be able to scroll it too,
    // even when no cell holds a control to tab to. Positioned, so visually hidden (absolute) text
    // in a cell stays inside it instead of widening the page.
    TableScrollContainer: {
      defaultProps: { type: 'native', tabIndex: 0 },
      styles: { scrollContainer: { position: 'relative' } },
    },
  },
});

/**
 * In the light scheme: secondary ("dimmed") text, error text and the text of `light` badges, alerts
 * and nav links are darker than Mantine's defaults, which measure 3.3:1 (gray-6 on white), 3.3:1
 * (red-6 on white) and 3.6–4.0:1 (shade 9 on shades 1–2). In the dark scheme dimmed text goes from
 * dark-2 (4.0:1 on the body) to dark-1, and error text from red-8 to red-4.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        darken(shades[9], 0.3),
      ]),
    ),
  },
  // Error text in the dark scheme: red-8 measures 3.4:1 on the dark body; red-4 is well above 4.5:1.
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});
