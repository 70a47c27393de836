/**
 * Bands: which of green/amber/red a KPI value falls in. "green at" means the value is in the
 * top band from that threshold on (at or above it; at or below it for lower-is-better KPIs).
 */
import { errors, type KpiError, type Result } from "./errors";
import type { Direction, KpiMeta } from "./types";

export type BandIndex = 0 | 1 | 2;

export interface Thresholds {
  readonly green: number;
  readonly amber: number;
  readonly direction: Direction;
}

/** 0 = green, 1 = amber, 2 = red. */
export function bandIndex(value: number, t: Thresholds): BandIndex {
  if (t.direction === "higher") return value >= t.green ? 0 : value >= t.amber ? 1 : 2;
  return value <= t.green ? 0 : value <= t.amber ? 1 : 2;
}

/**
 * The thresholds of a KPI: its defaults, with the user's overrides. For KPIs whose bands
 * follow a target, green defaults to the target and amber to a share of it.
 */
export function thresholdsFor(meta: KpiMeta, green?: number, amber?: number): Result<Thresholds> {
  const direction = meta.direction;
  let g: number;
  let a: number;
  if (meta.bands.kind === "fixed") {
    g = green ?? meta.bands.green;
    a = amber ?? meta.bands.amber;
  } else {
    if (green === undefined) {
      return errors.invalid(`${meta.id} has no absolute benchmark: give green_at (your target); amber defaults to ${meta.bands.amberShare * 100} % of it`);
    }
    g = green;
    a = amber ?? green * meta.bands.amberShare;
  }
  const ordered = direction === "higher" ? a <= g : a >= g;
  if (!ordered) return orderError(meta, g, a);
  return { green: g, amber: a, direction };
}

function orderError(meta: KpiMeta, g: number, a: number): KpiError {
  const rule = meta.direction === "higher" ? "at or below" : "at or above";
  return errors.invalid(`amber_at (${a}) must be ${rule} green_at (${g}) for ${meta.id}, where ${meta.direction} is better`);
}
