// The page: reads `?rpc=…&registry=…`, checks the chain and the address, shows the registry's
// state, keeps it current from the live feed, and offers the wallet actions. Every failure
// ends in a message on the page, never a blank page.
import "./style.css";
import { createPublicClient, http, type PublicClient } from "viem";
import { renderActions } from "./actions";
import { readConfig } from "./config";
import { h } from "./dom";
import { decodeFeedLog, startFeed, type FeedEvent, type FeedMode } from "./feed";
import { diagnose, loadState, LoadProblem, type RegistryState } from "./load";
import { renderNodes, renderProgram, renderRounds } from "./render";

/** Most events kept in the feed. */
const FEED_LIMIT = 200;
/** How far back the first read of the feed goes, in blocks. */
const FEED_HISTORY = 5_000n;

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page lacks #${id}`);
  return el as T;
};

function status(text: string, kind: "info" | "error" | "ok" = "info"): void {
  const el = byId("status");
  el.textContent = text;
  el.className = kind;
  el.dataset.kind = kind;
}

function fatal(text: string): void {
  status(text, "error");
  byId("app").hidden = true;
  document.body.dataset.state = "error";
}

async function start(): Promise<void> {
  const config = readConfig(location.search, location.origin);
  const params = new URLSearchParams(location.search);
  byId<HTMLInputElement>("rpc").value = params.get("rpc") ?? "";
  byId<HTMLInputElement>("registry").value = params.get("registry") ?? "";
  if (!config.ok) {
    fatal(config.problem);
    return;
  }
  status(`Reading the registry ${config.registry} through ${config.rpc}…`);
  // No cache: a refresh after an event must read the block that holds it.
  const client = createPublicClient({
    transport: http(config.rpc, { batch: true, retryCount: 0, timeout: 10_000 }),
    cacheTime: 0,
    pollingInterval: 500,
  }) as PublicClient;

  let chainId: number;
  let state: RegistryState;
  try {
    chainId = await diagnose(client, config.rpc, config.registry);
    state = await loadState(client, config.registry, chainId);
  } catch (err) {
    fatal(err instanceof LoadProblem ? err.message : `Reading the registry failed: ${(err as Error).message}`);
    return;
  }

  const show = (s: RegistryState) => {
    renderProgram(byId("program-body"), s);
    renderRounds(byId("rounds-body"), s);
    renderNodes(byId("nodes-body"), s);
    document.body.dataset.block = String(s.blockNumber);
  };
  show(state);
  byId("app").hidden = false;
  document.body.dataset.state = "ready";
  status(`Registry ${config.registry} on chain ${chainId}, block ${state.blockNumber}.`, "ok");
  renderActions(byId("actions-body"), { client, registry: config.registry, rpc: config.rpc, state: () => state });

  // Refreshes after events, one at a time; a refresh asked for during another runs after it.
  let refreshing: Promise<void> | null = null;
  let again = false;
  const refresh = (): void => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = loadState(client, config.registry, chainId)
      .then((s) => {
        state = s;
        show(s);
        status(`Registry ${config.registry} on chain ${chainId}, block ${s.blockNumber}.`, "ok");
      })
      .catch((err: unknown) => status(`Refreshing failed: ${(err as Error).message}; showing block ${state.blockNumber}.`, "error"))
      .finally(() => {
        refreshing = null;
        if (again) {
          again = false;
          refresh();
        }
      });
  };

  const list = byId<HTMLOListElement>("feed-list");
  const addEvents = (events: FeedEvent[]) => {
    for (const e of events) {
      list.prepend(
        h(
          "li",
          { "data-event": e.name, "data-block": String(e.blockNumber) },
          h("span", { class: "block" }, `block ${e.blockNumber}`),
          " ",
          h("strong", {}, e.name),
          " ",
          h("span", { class: "args" }, e.text),
        ),
      );
    }
    while (list.children.length > FEED_LIMIT) list.lastElementChild?.remove();
    byId("feed-empty").hidden = list.children.length > 0;
  };
  const showMode = (mode: FeedMode) => {
    const el = byId("feed-mode");
    el.textContent = mode.kind === "websocket" ? `live: websocket subscription` : `live: polling every second (${mode.why})`;
    el.dataset.mode = mode.kind;
  };

  // The recent history, then live.
  const from = state.blockNumber > FEED_HISTORY ? state.blockNumber - FEED_HISTORY : 0n;
  try {
    const history = await client.getLogs({ address: config.registry, fromBlock: from, toBlock: state.blockNumber });
    addEvents(history.map((l) => decodeFeedLog(l)).filter((e): e is FeedEvent => e !== null));
  } catch (err) {
    status(`The event history could not be read (${(err as Error).message}); live events follow.`, "error");
  }
  startFeed({
    client,
    registry: config.registry,
    ws: config.ws,
    fromBlock: state.blockNumber + 1n,
    onEvents: (events) => {
      addEvents(events);
      refresh();
    },
    onMode: showMode,
  });
}

// An unexpected failure is said on the page: in place of the views before they are shown,
// above them after.
const failed = (text: string) => (document.body.dataset.state === "ready" ? status(text, "error") : fatal(text));
window.addEventListener("error", (e) => failed(`The page failed: ${e.message}`));
window.addEventListener("unhandledrejection", (e) => failed(`The page failed: ${String((e.reason as Error)?.message ?? e.reason)}`));
start().catch((err: unknown) => fatal(`The page failed: ${(err as Error).message}`));
