/** The Fluent theme that matches Office's: dark when Office says so or its background is dark. */
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";

export interface OfficeThemeLike {
  readonly isDarkTheme?: boolean;
  readonly bodyBackgroundColor?: string;
}

export function themeFor(office?: OfficeThemeLike | null): Theme {
  if (office?.isDarkTheme) return webDarkTheme;
  const hex = /^#?([0-9a-f]{6})$/i.exec(office?.bodyBackgroundColor ?? "")?.[1];
  if (hex) {
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    if (0.299 * r + 0.587 * g + 0.114 * b < 128) return webDarkTheme;
  }
  return webLightTheme;
}
