import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/**
 * Mantine's light tints (0–5) with darker strong shades (6–9). Its own green, teal and orange 8 (the filled shade
 * below, and the text colour of statuses such as "Delivered" and "Received by Parley") stay under WCAG AA's 4.5:1
 * against white; these reach it from shade 7 on, also on the colour's own tints.
 */
function withDarkerShades(name: 'green' | 'teal' | 'orange' | 'red', strong: [string, string, string, string]): MantineColorsTuple {
  return [...DEFAULT_THEME.colors[name].slice(0, 6), ...strong] as unknown as MantineColorsTuple;
}

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8: white on a filled button, and indigo text on white or on a light button, reach WCAG AA (4.5:1); the
  // default shade 6 gives 4.3:1.
  primaryShade: 8,
  colors: {
    green: withDarkerShades('green', ['#2f9e44', '#237a36', '#1f6b30', '#1b5e2a']),
    teal: withDarkerShades('teal', ['#0ca678', '#087f5b', '#07704f', '#066649']),
    orange: withDarkerShades('orange', ['#e8590c', '#b8400c', '#a8390b', '#9c330a']),
    red: withDarkerShades('red', ['#f03e3e', '#d92b2b', '#c42727', '#a51f1f']),
  },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
});

/**
 * "Dimmed" text is Mantine's gray 6 (3.3:1 on white), too faint for WCAG AA; this gray keeps 4.5:1 on white and on
 * the light grays and tints of rows, cards and headers. A hovered light indigo button (the page buttons in the
 * header) sits on indigo 2, where its indigo 9 label has 4.1:1; halfway between indigo 1 and 2 it has 4.8:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#646b72', '--mantine-color-indigo-light-hover': '#cdd8ff' },
  dark: {},
});
