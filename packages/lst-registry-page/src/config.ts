// Where the page reads from: `?rpc=<url>&registry=<address>` in its URL. The RPC defaults to
// the page's own origin (lst-devnet serves the page on its RPC port); the websocket URL is the
// RPC's with ws(s) for http(s).
import { getAddress, isAddress, type Address } from "viem";

/** What the URL asks for, checked. */
export type PageConfig =
  | { ok: true; rpc: string; ws: string | null; registry: Address }
  | { ok: false; rpc: string; problem: string };

/** Reads `search` (e.g. `location.search`) against the page's `origin`. */
export function readConfig(search: string, origin: string): PageConfig {
  const params = new URLSearchParams(search);
  const rpcParam = params.get("rpc")?.trim();
  let rpc: string;
  try {
    const url = new URL(rpcParam || origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return { ok: false, rpc: rpcParam ?? "", problem: `The RPC URL must be http:// or https://, not ${url.protocol}//.` };
    }
    rpc = url.href;
  } catch {
    return { ok: false, rpc: rpcParam ?? "", problem: `"${rpcParam}" is not a URL: give the RPC as ?rpc=http://host:port.` };
  }
  const registry = params.get("registry")?.trim();
  if (!registry) {
    return {
      ok: false,
      rpc,
      problem: "Which registry? Give its address in the URL, ?registry=0x… (lst-devnet prints the page's URL with it).",
    };
  }
  if (!isAddress(registry, { strict: false })) {
    return { ok: false, rpc, problem: `"${registry}" is not an address: a registry's address is 0x and 40 hex digits.` };
  }
  return { ok: true, rpc, ws: wsUrl(rpc), registry: getAddress(registry) };
}

/** The websocket URL of an http(s) RPC URL (same host, port and path). */
export function wsUrl(rpc: string): string | null {
  try {
    const url = new URL(rpc);
    if (url.protocol === "http:") url.protocol = "ws:";
    else if (url.protocol === "https:") url.protocol = "wss:";
    else return null;
    return url.href;
  } catch {
    return null;
  }
}
