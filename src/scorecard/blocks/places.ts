/**
 * Where each block's cells are, as the other blocks read them: one entry per block, filled by
 * the pager from each block's anchors once every block has its top row. A block that others
 * refer to declares its anchors' type in its own file; a block nobody refers to gives its top.
 */
import type { ChartsAnchors } from "./charts";
import type { CpiAnchors } from "./cpi";
import type { DriversAnchors } from "./drivers";
import type { FindingsAnchors } from "./findings";
import type { InputsAnchors } from "./inputs";
import type { KpiTableAnchors } from "./kpiTable";
import type { LegendAnchors } from "./legend";
import type { NotesAnchors } from "./notes";
import type { SegmentsAnchors } from "./segments";
import type { StatisticsAnchors } from "./statistics";
import type { ThemesAnchors } from "./themes";
import type { TitleAnchors } from "./title";
import type { TrendAnchors } from "./trend";

export interface Places {
  readonly title: TitleAnchors;
  readonly findings: FindingsAnchors;
  readonly kpiTable: KpiTableAnchors;
  readonly notes: NotesAnchors;
  readonly segments: SegmentsAnchors;
  readonly inputs: InputsAnchors;
  readonly cpi: CpiAnchors;
  readonly legend: LegendAnchors;
  readonly trend: TrendAnchors;
  readonly charts: ChartsAnchors;
  readonly drivers: DriversAnchors;
  readonly themes: ThemesAnchors;
  readonly statistics: StatisticsAnchors;
}
