// The JSON-RPC node benchmark: lst-devnet beside anvil (its yardstick), in one run, on the
// same workload sent the same way (plain sequential HTTP JSON-RPC, one request in flight):
//
//   1. `eth_call` of a view of the same EVM contract (a counter's `get()`) on both nodes;
//   2. transactions that change one slot of it (`set(i)` from an unlocked development
//      account, automine on both), each sent and then its receipt fetched (anvil answers
//      before its miner has mined; a transaction counts once its receipt is there);
//   3. on lst-devnet only, the registry (three Stylus programs): `eth_call` of `rules()` (the
//      core, then the views program) and the admin's `setOracleSetDelay` transactions (one
//      slot; the core, then the admin program), so EVM and Stylus rates sit side by side.
//
// Both nodes should be release builds: anvil from npm is one; build lst-devnet with
// `cargo build --release -p lst-devnet` and pass LST_DEVNET_BIN=target/release/lst-devnet.
//
//   node lst-devnet/js/bench/node-rate.mjs [calls=3000] [txs=600]
//
// Prints a table (requests per second, and lst-devnet / anvil); docs/node-benchmark.md keeps
// the figures of a recorded run.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { compile } from "../../../contracts/build.mjs";
import { freePort, repositoryRoot, spawnDevnet } from "../spawn.mjs";

const CALLS = Number(process.argv[2] ?? 3000);
const TXS = Number(process.argv[3] ?? 600);
const WARMUP = 100;

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;
contract Counter {
    uint256 private value;
    function get() external view returns (uint256) { return value; }
    function set(uint256 v) external { value = v; }
}`;

/** A JSON-RPC client: one request at a time. */
function client(url) {
  let id = 0;
  return async (method, params = []) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const body = await response.json();
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
}

async function startAnvil() {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
  const bin = join(pkg, "..", "bin", "anvil");
  const port = await freePort();
  const child = spawn(bin, ["--port", String(port), "--silent"], { stdio: "ignore" });
  const rpc = client(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 200; i++) {
    try {
      await rpc("eth_chainId");
      return { rpc, stop: () => child.kill("SIGKILL") };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error("anvil did not start");
}

function word(n) {
  return BigInt(n).toString(16).padStart(64, "0");
}

async function deployCounter(rpc, from, bytecode) {
  const hash = await rpc("eth_sendTransaction", [{ from, data: bytecode, gas: "0x100000" }]);
  const receipt = await rpc("eth_getTransactionReceipt", [hash]);
  if (!receipt || receipt.status !== "0x1") throw new Error(`deployment failed: ${JSON.stringify(receipt)}`);
  return receipt.contractAddress;
}

/** Requests per second of `n` sequential `request(i)` after a warm-up. */
async function rate(n, request) {
  for (let i = 0; i < WARMUP; i++) await request(i);
  const start = performance.now();
  for (let i = 0; i < n; i++) await request(WARMUP + i);
  return (n * 1000) / (performance.now() - start);
}

/**
 * Sends a transaction and waits for its receipt (anvil answers eth_sendTransaction before its
 * automine has mined it; lst-devnet mines it first): one transaction, sent and mined.
 */
async function transact(rpc, tx) {
  const hash = await rpc("eth_sendTransaction", [tx]);
  for (;;) {
    const receipt = await rpc("eth_getTransactionReceipt", [hash]);
    if (receipt) {
      if (receipt.status !== "0x1") throw new Error(`transaction ${hash} failed`);
      return;
    }
  }
}

/** `eth_call` rate and transaction rate on the counter at `to`. */
async function counterRates(rpc, from, to) {
  const get = "0x6d4ce63c";
  const set = (i) => `0x60fe47b1${word(i + 1)}`;
  const calls = await rate(CALLS, () => rpc("eth_call", [{ to, data: get }, "latest"]));
  const txs = await rate(TXS, (i) => transact(rpc, { from, to, data: set(i), gas: "0x30000" }));
  const stored = BigInt(await rpc("eth_call", [{ to, data: get }, "latest"]));
  if (stored !== BigInt(WARMUP + TXS)) throw new Error(`counter holds ${stored}: transactions were lost`);
  return { calls, txs };
}

const output = compile({ "Counter.sol": COUNTER });
const bytecode = `0x${output.contracts["Counter.sol"].Counter.evm.bytecode.object}`;

const anvil = await startAnvil();
const devnet = await spawnDevnet(["--seed"]);
const results = [];
try {
  const anvilFrom = (await anvil.rpc("eth_accounts"))[0];
  const anvilCounter = await deployCounter(anvil.rpc, anvilFrom, bytecode);
  const anvilRates = await counterRates(anvil.rpc, anvilFrom, anvilCounter);

  const rpc = client(devnet.url);
  const from = (await rpc("eth_accounts"))[0];
  const counter = await deployCounter(rpc, from, bytecode);
  const devnetRates = await counterRates(rpc, from, counter);

  // the registry: rules() (selector from the committed ABI) and a one-slot write
  const abi = JSON.parse(
    (await import("node:fs")).readFileSync(join(repositoryRoot, "abi", "ILstRegistry.json"), "utf8"),
  );
  const { toFunctionSelector } = await import("viem");
  const rulesSelector = toFunctionSelector(abi.find((f) => f.type === "function" && f.name === "rules"));
  const registryCalls = await rate(CALLS, () => rpc("eth_call", [{ to: devnet.registry, data: rulesSelector }, "latest"]));
  // setOracleSetDelay(uint32) by the admin (account 0): a write of one slot, each a new value
  // within the delay's bounds (one to thirty days).
  const setDelay = toFunctionSelector(abi.find((f) => f.type === "function" && f.name === "setOracleSetDelay"));
  const registryTxs = await rate(TXS, (i) =>
    transact(rpc, { from, to: devnet.registry, data: `${setDelay}${word(86_400 + 1 + i)}`, gas: "0x100000" }),
  );
  const oracleSet = abi.find((f) => f.type === "function" && f.name === "oracleSet");
  const { decodeFunctionResult } = await import("viem");
  const read = await rpc("eth_call", [{ to: devnet.registry, data: toFunctionSelector(oracleSet) }, "latest"]);
  const delay = decodeFunctionResult({ abi: [oracleSet], functionName: "oracleSet", data: read }).at(-1);
  if (Number(delay) !== 86_400 + WARMUP + TXS) throw new Error(`the delay is ${delay}: transactions were lost`);

  results.push(["eth_call of a view (EVM counter)", anvilRates.calls, devnetRates.calls]);
  results.push(["transaction writing one slot (EVM counter)", anvilRates.txs, devnetRates.txs]);
  results.push(["eth_call of rules() (Stylus registry)", null, registryCalls]);
  results.push(["transaction writing one slot: setOracleSetDelay (Stylus registry)", null, registryTxs]);
} finally {
  anvil.stop();
  devnet.stop();
}

const f = (x) => (x === null ? "—" : x.toFixed(0));
console.log(`calls ${CALLS}, transactions ${TXS}, after ${WARMUP} warm-up requests each; sequential HTTP JSON-RPC`);
console.log("| workload | anvil (req/s) | lst-devnet (req/s) | lst-devnet / anvil |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, a, d] of results) {
  console.log(`| ${name} | ${f(a)} | ${f(d)} | ${a === null ? "—" : (d / a).toFixed(2) + "×"} |`);
}
