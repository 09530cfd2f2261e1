// The page in Debian's chromium against `lst-devnet --seed`, as a person uses it: the seeded
// state in every view, a transaction appearing in the feed and the bars within two seconds
// (websocket, and polling when the websocket fails), wallet actions (a revert's error in
// words; nothing sent without a wallet or on another chain), and a clear message for a wrong
// address, an unreachable RPC and a chain without the registry. Writes docs/page-seeded.png.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, repositoryRoot, spawnDevnet } from "../../../lst-devnet/js/spawn.mjs";
import { DEV_KEYS, devAccount, startDevnet, type Devnet } from "../../lst-registry/test/devnet.js";
import { METIS } from "@lst-registry/sdk";
import { parseAbi } from "viem";
import { launchBrowser, openPage, packageDir, serveStatic, walletRequests, type OpenedPage } from "./browser.js";

/** Within this many milliseconds of a block, the page shows it. */
const LIVE_MS = 2_000;
const SCREENSHOT = join(repositoryRoot, "docs", "page-seeded.png");
const CHAIN_ID_HEX = "0x64aba"; // 412346

let devnet: Devnet;
let browser: Browser;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  [devnet, browser] = await Promise.all([startDevnet(), launchBrowser()]);
});
afterAll(async () => {
  for (const o of opened) await o.close().catch(() => {});
  await browser?.close();
  devnet?.stop();
});

/** The page as lst-devnet serves it, for the seeded registry. */
function pageUrl(query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ registry: devnet.registry, ...query });
  return `${devnet.url}/?${params}`;
}

async function open(url: string, wallet?: { account: number; chainId?: string }): Promise<OpenedPage> {
  const o = await openPage(
    browser,
    url,
    wallet && { rpc: devnet.url, account: devAccount(wallet.account).address, chainId: wallet.chainId ?? CHAIN_ID_HEX },
  );
  opened.push(o);
  return o;
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector("body[data-state=ready]", { timeout: 30_000 });
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

const vaultAbi = parseAbi([
  "function metis() view returns (address)",
  "function pooledStake(uint64 nodeId) view returns (uint256)",
  "function deposit(uint64 nodeId, uint256 amount) returns (uint256)",
]);
const tokenAbi = parseAbi(["function approve(address spender, uint256 value) returns (bool)"]);

/**
 * Brings pairing 1's stake to `total` METIS as a staker does: account 7 (a seeded METIS holder)
 * approves and deposits the difference on node 1 into application 1's staking contract, the
 * seeded vault, which reports node 1's new pool to the registry in the deposit's transaction.
 * Waits for both receipts.
 */
async function stakeOnNode1(total: bigint) {
  const vault = (await devnet.reader.application(1)).stakingContract;
  const token = await devnet.client.readContract({ address: vault, abi: vaultAbi, functionName: "metis" });
  const pooled = await devnet.client.readContract({ address: vault, abi: vaultAbi, functionName: "pooledStake", args: [1n] });
  const amount = total * METIS - pooled;
  expect(amount > 0n).toBe(true);
  const staker = devnet.wallet(DEV_KEYS[7]!);
  for (const hash of [
    await staker.writeContract({ address: token, abi: tokenAbi, functionName: "approve", args: [vault, amount] }),
    await staker.writeContract({ address: vault, abi: vaultAbi, functionName: "deposit", args: [1n, amount] }),
  ]) {
    expect((await devnet.client.waitForTransactionReceipt({ hash })).status).toBe("success");
  }
}

/** Fails unless `check` holds within `ms`; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the seeded program", () => {
  test("every view shows the seeded state, without console errors, and the screenshot is written", async () => {
    const { page, errors } = await open(pageUrl());
    await ready(page);
    await page.waitForSelector("#feed-mode[data-mode=websocket]");

    // Program: phase, node limit in use, oracle set, rules in force, roles.
    expect(await text(page, "#phase")).toContain("Alpha");
    expect(await text(page, "#phase")).toContain("4 of 4 nodes");
    expect(await text(page, "#oracles")).toContain("2 of 3");
    const rules = await text(page, "#rules");
    expect(rules).toContain("20,000 METIS");
    expect(rules).toContain("80 % of For + Against");
    expect(rules).toContain("20,000 METIS to 100,000 METIS");
    expect(rules).toContain("metislayer2.eth");
    expect(await text(page, "#roles")).toContain(devAccount(0).address);
    const { adminProgram } = await devnet.reader.roles();
    expect(await text(page, "#roles")).toContain(adminProgram);

    // Round 1: both applications qualified, ranked, with their bars against the round's rules.
    const round = page.locator("[data-round='1']");
    expect(await round.innerText()).toContain("Finalised");
    expect(await round.innerText()).toContain("quorum 20,000 METIS, 500 voters, approval 80 %");
    const first = page.locator("[data-application='1']");
    expect(await first.innerText()).toContain("#1");
    expect(await first.innerText()).toContain("Liquid Staked METIS");
    expect(await first.innerText()).toContain("Qualified, rank 1");
    expect(await first.locator("[data-bar=weight]").innerText()).toContain("For 62,000 METIS · Against 4,000 METIS · Abstain 1,500 METIS");
    expect(await first.locator("[data-bar=voters]").innerText()).toContain("812 voters (at least 500)");
    expect(await first.locator("[data-bar=approval]").innerText()).toContain("93.93 % For (at least 80 %)");
    expect(await first.locator(".bar.met").count()).toBe(3);
    expect(await text(page, "[data-application='2']")).toContain("Qualified, rank 2");

    // Nodes: pairings with LST, cap, stake and remaining capacity, links.
    const node1 = page.locator("[data-node='1']");
    expect(await node1.innerText()).toContain("Liquid Staked METIS (application 1)");
    expect(await node1.locator("[data-bar=stake]").innerText()).toContain(
      "12,500 METIS reported of a 50,000 METIS cap; 37,500 METIS remaining",
    );
    expect(await node1.locator("[data-bar=cap]").innerText()).toContain("cap 50,000 METIS");
    expect(await node1.locator("a[href='https://forum.example/lst-devnet/pairing-1']").count()).toBe(1);
    expect(await node1.locator("a[href='ipfs://bafy-lst-devnet-node-1/metadata.json']").count()).toBe(1);
    expect(await text(page, "[data-node='4']")).toContain("Artemis METIS (application 2)");

    // The feed holds the seeded history, newest first.
    const events = await page.locator("#feed-list li").evaluateAll((items) => items.map((li) => li.getAttribute("data-event")));
    expect(events[0]).toBe("StakeReported");
    expect(events).toContain("RoundFinalised");
    expect(events).toContain("OracleSetChanged");
    expect(events.filter((e) => e === "NodeRegistered")).toHaveLength(4);

    // Actions: the panel is there; no wallet in this browser.
    expect(await page.locator("#no-wallet").isVisible()).toBe(true);

    const png = await page.screenshot({ fullPage: true });
    await writeScreenshot(png);
    expect(errors).toEqual([]);
  });
});

/** Writes docs/page-seeded.png (rewritten on every run: the block times differ per run). */
async function writeScreenshot(png: Buffer): Promise<void> {
  await mkdir(dirname(SCREENSHOT), { recursive: true });
  await writeFile(SCREENSHOT, png);
}

describe("live", () => {
  test("a transaction sent from the test appears in the feed and the bars within two seconds (websocket)", async () => {
    const { page, errors } = await open(pageUrl());
    await ready(page);
    await page.waitForSelector("#feed-mode[data-mode=websocket]");
    // Account 7 deposits through application 1's vault, which reports pairing 1's stake.
    await stakeOnNode1(20_000n);
    const ms = await within(LIVE_MS, async () => {
      const feed = await text(page, "#feed-list li");
      const stake = await page.locator("[data-node='1'] [data-bar=stake]").innerText();
      return feed.includes("StakeReported") && feed.includes("20,000 METIS") && stake.includes("20,000 METIS reported of a 50,000 METIS cap; 30,000 METIS remaining");
    });
    expect(ms).toBeLessThanOrEqual(LIVE_MS);
    expect(errors).toEqual([]);
  });

  test("falls back to polling when the websocket fails, still within two seconds", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    opened.push({ page, errors: [], close: () => context.close() });
    // Every websocket the page opens is refused.
    await page.routeWebSocket(/.*/, (ws) => ws.close({ code: 1011, reason: "refused by the test" }));
    await page.goto(pageUrl());
    await ready(page);
    await page.waitForSelector("#feed-mode[data-mode=polling]");
    expect(await text(page, "#feed-mode")).toContain("polling every second");
    await stakeOnNode1(21_000n);
    await within(LIVE_MS, async () => {
      const feed = await text(page, "#feed-list li");
      const stake = await page.locator("[data-node='1'] [data-bar=stake]").innerText();
      return feed.includes("21,000 METIS") && stake.includes("21,000 METIS reported");
    });
  });
});

describe("wallet actions", () => {
  async function act(page: Page, action: string, values: Record<string, string>): Promise<string> {
    await page.selectOption("#action", action);
    for (const [name, value] of Object.entries(values)) await page.fill(`#action-form input[name='${name}']`, value);
    await page.click("#send");
    await page.waitForFunction(() => {
      const m = document.getElementById("action-message");
      return m && (m.className === "ok" || m.className === "error");
    }, undefined, { timeout: 30_000 });
    return text(page, "#action-message");
  }

  test("a revert's custom error is shown in words, and nothing is sent", async () => {
    const { page, errors } = await open(pageUrl(), { account: 1 });
    await ready(page);
    const message = await act(page, "setStakeCap", { nodeId: "1", stakeCap: "5000" });
    expect(message).toContain("setStakeCap would revert: The stake cap 5000 METIS is outside the bounds in force, 20000 METIS to 100000 METIS.");
    expect(message).toContain("Nothing was sent.");
    expect(await walletRequests(page)).not.toContain("eth_sendTransaction");
    expect(await text(page, "#wallet-account")).toContain("the operator of node 1");
    // Another account is not node 2's operator.
    const other = await act(page, "setStakeCap", { nodeId: "2", stakeCap: "45000" });
    expect(other).toContain(`Only the operator of node 2 may do this; ${devAccount(1).address} is not its operator.`);
    expect(await walletRequests(page)).not.toContain("eth_sendTransaction");
    expect(errors).toEqual([]);
  });

  test("an operator's action is sent through the wallet and shows in the bars", async () => {
    const { page, errors } = await open(pageUrl(), { account: 2 });
    await ready(page);
    const message = await act(page, "setStakeCap", { nodeId: "2", stakeCap: "60000" });
    expect(message).toContain("setStakeCap succeeded in block");
    expect(await walletRequests(page)).toContain("eth_sendTransaction");
    await within(LIVE_MS, async () =>
      (await page.locator("[data-node='2'] [data-bar=cap]").innerText()).includes("cap 60,000 METIS"),
    );
    expect(await text(page, "#feed-list li")).toContain("StakeCapChanged");
    expect(errors).toEqual([]);
  });

  test("a wallet on another chain: a message, and nothing is asked or sent", async () => {
    const { page, errors } = await open(pageUrl(), { account: 1, chainId: "0x1" });
    await ready(page);
    const message = await act(page, "setStakeCap", { nodeId: "1", stakeCap: "45000" });
    expect(message).toBe(
      "Your wallet is on chain 1; the registry is on chain 412346. Switch the wallet's network; nothing was sent.",
    );
    expect(await walletRequests(page)).toEqual(["eth_chainId"]);
    expect(errors).toEqual([]);
  });

  test("no wallet: a message, and nothing is sent", async () => {
    const { page, errors } = await open(pageUrl());
    await ready(page);
    expect(await text(page, "#no-wallet")).toContain("No wallet found");
    const message = await act(page, "setStakeCap", { nodeId: "1", stakeCap: "45000" });
    expect(message).toBe("No wallet found (window.ethereum): nothing was sent.");
    expect(errors).toEqual([]);
  });
});

describe("clear messages, never a blank page", () => {
  async function problem(url: string): Promise<string> {
    const { page } = await open(url);
    await page.waitForSelector("body[data-state=error]", { timeout: 30_000 });
    expect(await page.locator("#app").isHidden()).toBe(true);
    return text(page, "#status");
  }

  test("no registry given", async () => {
    expect(await problem(`${devnet.url}/`)).toContain("Which registry? Give its address in the URL, ?registry=0x…");
  });

  test("not an address", async () => {
    expect(await problem(pageUrl({ registry: "0x1234" }))).toBe(
      '"0x1234" is not an address: a registry\'s address is 0x and 40 hex digits.',
    );
  });

  test("an address without a contract on this chain", async () => {
    const nobody = devAccount(9).address;
    expect(await problem(pageUrl({ registry: nobody }))).toContain(`There is no contract at ${nobody} on chain 412346`);
  });

  test("a contract that is not the registry", async () => {
    const { viewsProgram } = await devnet.reader.roles();
    expect(await problem(pageUrl({ registry: viewsProgram }))).toContain(
      `The contract at ${viewsProgram} on chain 412346 does not answer as an LST registry`,
    );
  });

  test("an unreachable RPC", async () => {
    const port = await freePort();
    expect(await problem(pageUrl({ rpc: `http://127.0.0.1:${port}` }))).toContain(
      `Cannot reach the RPC at http://127.0.0.1:${port}/`,
    );
  });
});

describe("any origin, any RPC", () => {
  test("dist/ served elsewhere reads the node given as ?rpc=", async () => {
    const server = await serveStatic(join(packageDir, "dist"));
    try {
      const { page, errors } = await open(`${server.origin}/?${new URLSearchParams({ rpc: devnet.url, registry: devnet.registry })}`);
      await ready(page);
      expect(await text(page, "#phase")).toContain("Alpha");
      await page.waitForSelector("#feed-mode[data-mode=websocket]");
      expect(errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  test("an unseeded registry: each empty state has its message", async () => {
    const empty = await spawnDevnet([]);
    try {
      // The URL lst-devnet prints at startup.
      const printed = empty.output.match(/^Page\s+(\S+)$/m)?.[1];
      expect(printed).toBe(`${empty.url}/?registry=${empty.registry}`);
      const { page, errors } = await open(printed!);
      await ready(page);
      expect(await text(page, "#no-rounds")).toContain("No round has been opened yet");
      expect(await text(page, "#no-nodes")).toContain("No node is registered yet");
      expect(await text(page, "#oracles")).toContain("No oracle set in force");
      // Only what the constructor emitted is in the feed.
      const events = await page.locator("#feed-list li").evaluateAll((items) => items.map((li) => li.getAttribute("data-event")));
      expect(events).toEqual(["GuardianChanged", "AdminTransferred"]);
      expect(await page.locator("#feed-empty").isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      empty.stop();
    }
  });
});

