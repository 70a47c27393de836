/**
 * The pane's flows: what the user can make with it. Each flow is one component with its own
 * state hook over the WorkbookPort. The pane shows a switch between them when there is more
 * than one; a new flow (customer lifetime value, say) is one entry here.
 */
import type { ComponentType } from "react";
import type { WorkbookPort } from "../excel/port";

export interface FlowProps {
  /** The workbook; null when the pane runs outside Excel. */
  readonly port: WorkbookPort | null;
  readonly now: () => Date;
}

export interface Flow {
  /** Stable id, for the switch. */
  readonly id: string;
  /** What the switch shows. */
  readonly label: string;
  readonly component: ComponentType<FlowProps>;
}
