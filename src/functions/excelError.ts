/**
 * The custom-function edge of the error contract: the one place where a KpiError becomes a
 * CustomFunctions.Error. Excel shows messages only for #VALUE! and #N/A, so #NUM! goes bare.
 */
import { type KpiError, isKpiError, type Value } from "../kpi";

export function toExcelError(e: KpiError): CustomFunctions.Error {
  switch (e.code) {
    case "#N/A":
      return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, e.message);
    case "#NUM!":
      return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidNumber);
    default:
      return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, e.message);
  }
}

/**
 * Runs a KPI body for Excel: returns its value, throws its KpiError as a
 * CustomFunctions.Error, and turns anything unexpected into #VALUE! with a message instead of
 * an uncaught exception (which Excel would show as a bare #VALUE!).
 */
export function excelResult(body: () => KpiError | Value): Value {
  let result: KpiError | Value;
  try {
    result = body();
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `internal error: ${detail}`);
  }
  if (isKpiError(result)) throw toExcelError(result);
  if (typeof result === "number" && !Number.isFinite(result)) {
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidNumber);
  }
  return result;
}
