import { Alert, createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 9 for filled surfaces and coloured text: white on teal/red/grape 9 and those
  // colours on white reach WCAG AA (4.5:1), which Mantine's default shade 6 does not
  // (checked by axe in the page tests). Filled yellow gets dark text (autoContrast).
  primaryShade: 9,
  autoContrast: true,
  defaultRadius: 'sm',
  // Operators who ask their system for less motion get no fades or slides (dropdowns, modals,
  // notices): Mantine animates regardless unless told to respect the setting.
  respectReducedMotion: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // A light alert's title takes its colour's light shade, which on the tinted background is
    // under 4.5:1 for yellow and orange (axe): the tint and icon carry the colour, text stays text.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
});

/** "Dimmed" text is secondary, not faint: keep it at 4.5:1 or better in both schemes. */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
