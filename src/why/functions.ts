/**
 * The why functions (spec/why.md: key drivers, verbatim themes) as FunctionDefs, in the order of
 * spec/why.md. Each method's module reads its Excel arguments with the reading rule of
 * src/kpi/coerce.ts; src/functions/catalogue.ts joins this list to the KPI and predictive-CLV
 * functions.
 */
import type { FunctionDef } from "../kpi/types";
import { functions as keyDrivers } from "./keyDrivers";
import { functions as themes } from "./themes";

export const functions: readonly FunctionDef[] = [...keyDrivers, ...themes];
