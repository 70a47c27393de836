/** The pane's shared styles: one makeStyles for every step, so the steps line up. */
import { makeStyles, tokens } from "@fluentui/react-components";

export const usePaneStyles = makeStyles({
  main: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "40rem",
  },
  /** One flow's steps, spaced as the pane's own children are. */
  flow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  // The flow switch: at 360 px "KPI scorecard | Customer lifetime value" ran 2 px past the pane;
  // small tabs fit, and a further flow wraps to a second line rather than scrolling sideways.
  tabs: { flexWrap: "wrap" },
  notices: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, outline: "none" },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0, border: "none" },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end", flexWrap: "wrap" },
  grow: { flexGrow: 1, minWidth: "8rem" },
  // Paired inputs at 360 px: two columns with a clear gap, each input as wide as its column and
  // no wider (a grid item's and a fieldset's min-width is their content's unless set to 0).
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 7.5rem), 1fr))",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
    "& > *": { minWidth: 0 },
  },
  fill: { width: "100%", minWidth: 0, boxSizing: "border-box" },
  kpi: {
    minWidth: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  // Held at the top of the pane while the steps below it scroll by: Build is always in reach.
  buildBar: {
    position: "sticky",
    top: 0,
    zIndex: 1,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    margin: `0 calc(-1 * ${tokens.spacingHorizontalL})`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  // A KPI's settings beyond its target, folded: a header that says what is inside and its defaults.
  more: { "& .fui-AccordionHeader__button": { paddingLeft: 0, minHeight: "auto" } },
  // Five columns in 360 px: narrow cell padding, so "Status" fits without a sideways scroll.
  table: { borderCollapse: "collapse", width: "100%", "& th, & td": { textAlign: "left", padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}` } },
  numeric: { textAlign: "right" },
  band0: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  band1: { color: tokens.colorPaletteMarigoldForeground1, fontWeight: tokens.fontWeightSemibold },
  band2: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});
