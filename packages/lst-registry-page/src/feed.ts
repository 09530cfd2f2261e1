// The live feed: the registry's logs over the node's websocket (`eth_subscribe` "logs"), and
// polling (`eth_blockNumber` + `eth_getLogs` every second) when the websocket cannot be
// opened or drops. Logs are delivered once each (by transaction hash and log index).
import { applicationStatusName, lstRegistryAbi, phaseName } from "@lst-registry/sdk";
import { decodeEventLog, type Address, type Hex, type PublicClient } from "viem";
import { metis } from "./format";

/** A registry event, decoded. */
export interface FeedEvent {
  key: string;
  blockNumber: bigint;
  transactionHash: Hex;
  name: string;
  text: string;
}

/** How the feed currently listens. */
export type FeedMode = { kind: "websocket"; url: string } | { kind: "polling"; why: string };

interface RawLog {
  address: string;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex | bigint | null;
  transactionHash: Hex | null;
  logIndex: Hex | number | null;
  removed?: boolean;
}

const AMOUNTS = new Set(["stake", "stakeCap", "previousCap", "newCap", "forVotes", "againstVotes", "abstainVotes", "quorum", "minCap", "maxCap"]);
const STATUSES = new Set(["reason", "previousStatus"]);
const PHASES = new Set(["from", "to", "phase"]);

function value(name: string, v: unknown, eventName: string): string {
  if (typeof v === "bigint" && AMOUNTS.has(name)) return metis(v);
  if (typeof v === "number" && STATUSES.has(name) && eventName !== "NodeUnpaired") return applicationStatusName(v);
  if (typeof v === "number" && PHASES.has(name)) return phaseName(v);
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  if (typeof v === "string") return v.length > 80 ? `${v.slice(0, 77)}…` : v;
  return String(v);
}

/** Decodes a registry log; null for a log the interface does not know. */
export function decodeFeedLog(log: RawLog): FeedEvent | null {
  if (log.removed || log.blockNumber === null || log.transactionHash === null) return null;
  try {
    const decoded = decodeEventLog({ abi: lstRegistryAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data });
    const args = (decoded.args ?? {}) as Record<string, unknown>;
    const text = Object.entries(args)
      .map(([k, v]) => `${k} ${value(k, v, decoded.eventName)}`)
      .join(", ");
    return {
      key: `${log.transactionHash}:${BigInt(log.logIndex ?? 0)}`,
      blockNumber: BigInt(log.blockNumber),
      transactionHash: log.transactionHash,
      name: decoded.eventName,
      text,
    };
  } catch {
    return null;
  }
}

/** What the feed needs. */
export interface FeedOptions {
  client: PublicClient;
  registry: Address;
  ws: string | null;
  /** The first block not yet delivered. */
  fromBlock: bigint;
  onEvents: (events: FeedEvent[]) => void;
  onMode: (mode: FeedMode) => void;
  pollMs?: number;
}

/** Starts listening; returns a function that stops. */
export function startFeed(o: FeedOptions): () => void {
  const seen = new Set<string>();
  let next = o.fromBlock;
  let stopped = false;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let catchingUp: Promise<void> = Promise.resolve();

  const deliver = (logs: RawLog[]) => {
    const events: FeedEvent[] = [];
    for (const log of logs) {
      const e = decodeFeedLog(log);
      if (!e || seen.has(e.key)) continue;
      seen.add(e.key);
      events.push(e);
      if (e.blockNumber >= next) next = e.blockNumber + 1n;
    }
    if (events.length > 0) o.onEvents(events);
  };

  /** Every log from `next` to the latest block. */
  const catchUp = () => {
    catchingUp = catchingUp.then(async () => {
      if (stopped) return;
      const latest = await o.client.getBlockNumber();
      if (latest < next) return;
      const logs = await o.client.request({
        method: "eth_getLogs",
        params: [{ address: o.registry, fromBlock: `0x${next.toString(16)}`, toBlock: `0x${latest.toString(16)}` }],
      });
      deliver(logs as unknown as RawLog[]);
      if (latest + 1n > next) next = latest + 1n;
    }).catch(() => {
      // the next tick tries again
    });
    return catchingUp;
  };

  const poll = (why: string) => {
    if (stopped || timer) return;
    socket = null;
    o.onMode({ kind: "polling", why });
    void catchUp();
    timer = setInterval(() => void catchUp(), o.pollMs ?? 1000);
  };

  if (!o.ws || typeof WebSocket === "undefined") {
    poll("no websocket URL");
  } else {
    let subscribed = false;
    try {
      socket = new WebSocket(o.ws);
    } catch {
      poll("the websocket could not be opened");
    }
    if (socket) {
      const ws = socket;
      const giveUp = setTimeout(() => {
        if (!subscribed) {
          ws.close();
          poll("the websocket did not answer in time");
        }
      }, 3000);
      ws.onopen = () => {
        ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["logs", { address: o.registry }] }));
      };
      ws.onmessage = (message) => {
        let m: { id?: number; result?: unknown; error?: { message?: string }; method?: string; params?: { result?: RawLog } };
        try {
          m = JSON.parse(String(message.data));
        } catch {
          return;
        }
        if (m.id === 1) {
          clearTimeout(giveUp);
          if (m.error) {
            ws.close();
            poll(`eth_subscribe was refused (${m.error.message ?? "error"})`);
            return;
          }
          subscribed = true;
          o.onMode({ kind: "websocket", url: o.ws ?? "" });
          // Logs mined between the first read and the subscription.
          void catchUp();
        } else if (m.method === "eth_subscription" && m.params?.result) {
          deliver([m.params.result]);
        }
      };
      ws.onerror = () => {
        // followed by onclose
      };
      ws.onclose = () => {
        clearTimeout(giveUp);
        if (!stopped && socket === ws) poll(subscribed ? "the websocket closed" : "the websocket could not be opened");
      };
    }
  }

  return () => {
    stopped = true;
    if (timer) clearInterval(timer);
    const ws = socket;
    socket = null;
    ws?.close();
  };
}
