/**
 * The why functions (spec/why.md: key drivers, verbatim themes) as FunctionDefs: read the Excel
 * arguments with the reading rule of src/kpi/coerce.ts, run one of the pure methods of
 * src/why, shape the spill. Nothing here throws for bad input. src/functions/catalogue.ts joins
 * this list to the KPI and predictive-CLV functions, in the order of spec/why.md.
 */
import type { FunctionDef } from "../kpi/types";
import { functions as themes } from "./themes";

export const functions: readonly FunctionDef[] = [...themes];
