// Numbers and times as people read them.
import { formatUnits } from "viem";

/** wei as METIS with thousands separators, at most 4 decimals. */
export function metis(wei: bigint): string {
  const [whole = "0", fraction = ""] = formatUnits(wei, 18).split(".");
  const grouped = BigInt(whole).toLocaleString("en-US");
  const decimals = fraction.slice(0, 4).replace(/0+$/, "");
  return `${grouped}${decimals ? "." + decimals : ""} METIS`;
}

/** An integer with thousands separators. */
export function count(n: number | bigint): string {
  return n.toLocaleString("en-US");
}

/** Basis points as a percentage. */
export function percent(bps: number): string {
  return `${+(bps / 100).toFixed(2)} %`;
}

/** A unix time as UTC, or "—" for 0. */
export function time(unix: bigint | number): string {
  const n = Number(unix);
  if (n === 0) return "—";
  const ms = n * 1000;
  if (!Number.isFinite(ms) || ms > 8.64e15) return String(unix);
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** Seconds as days. */
export function days(seconds: number): string {
  return `${+(seconds / 86_400).toFixed(2)} days`;
}

/** A ratio in [0, 1] as a CSS percentage (clamped). */
export function share(part: bigint | number, whole: bigint | number): number {
  const w = Number(whole);
  if (!(w > 0)) return 0;
  return Math.max(0, Math.min(1, Number(part) / w));
}

/** 0x1234…abcd. */
export function short(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
