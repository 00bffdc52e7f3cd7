import type { Status } from "@/lib/domain";

// Status is always shown in words and with an icon as well as a colour (never colour alone).

export const STATUS_LABELS: Record<Status, string> = {
  ON_TRACK: "On track",
  AT_RISK: "At risk",
  OFF_TRACK: "Off track",
  NO_DATA: "No data",
  NO_TARGET: "No target",
};

/** CSS modifier per status; colours are in app/globals.css (.status--on-track, …). */
export const STATUS_CLASS: Record<Status, string> = {
  ON_TRACK: "on-track",
  AT_RISK: "at-risk",
  OFF_TRACK: "off-track",
  NO_DATA: "no-data",
  NO_TARGET: "no-target",
};

export const STATUS_ORDER: readonly Status[] = ["OFF_TRACK", "AT_RISK", "ON_TRACK", "NO_TARGET", "NO_DATA"];
