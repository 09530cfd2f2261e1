// A fresh node per test file with the genesis contracts at their addresses, and viem clients
// on it: anvil (npm @foundry-rs/anvil-linux-amd64), the contracts put there with
// anvil_setCode; or, with GENESIS_TEST_NODE=lst-devnet, the repository's own node
// (`lst-devnet`, $LST_DEVNET_BIN or target/debug/lst-devnet: build it first), whose genesis
// holds them already (checked here), on the same chain id. `startNode(kind)` starts a given
// one whatever GENESIS_TEST_NODE says (the parity test starts both).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createTestClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { compile } from "../build.mjs";
import { spawnDevnet } from "../../lst-devnet/js/spawn.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The node the tests run on: "anvil" (default) or "lst-devnet" (GENESIS_TEST_NODE). */
export const NODE_KIND = process.env.GENESIS_TEST_NODE ?? "anvil";
if (NODE_KIND !== "anvil" && NODE_KIND !== "lst-devnet") {
  throw new Error(`GENESIS_TEST_NODE=${NODE_KIND}: "anvil" or "lst-devnet"`);
}

/** anvil's first development key (public test key; lst-devnet's account 0 too). */
export const DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** The genesis contracts as compiled and committed. */
export const GENESIS = JSON.parse(readFileSync(join(here, "..", "out", "genesis.json"), "utf8"));

/** The contract `name` of out/genesis.json. */
export function genesisContract(name) {
  const found = GENESIS.contracts.find((c) => c.name === name);
  if (!found) throw new Error(`no genesis contract ${name}`);
  return found;
}

/** The test fixtures (test/fixtures.sol), compiled: name → { abi, bytecode, deployedBytecode }. */
export function fixtures() {
  const source = "test/fixtures.sol";
  const output = compile({ [source]: readFileSync(join(here, "fixtures.sol"), "utf8") });
  return Object.fromEntries(
    Object.entries(output.contracts[source]).map(([name, c]) => [
      name,
      { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, deployedBytecode: `0x${c.evm.deployedBytecode.object}` },
    ]),
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function anvilBinary() {
  const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
  return join(dirname(pkg), "bin", "anvil");
}

/**
 * Starts the node `kind` (by default NODE_KIND: anvil, or lst-devnet with
 * GENESIS_TEST_NODE=lst-devnet) with the genesis contracts at their addresses.
 * `evmBlockNumber()` is what the EVM's NUMBER gives an `eth_call` at the latest block: the
 * block's number on anvil; on lst-devnet, as on Arbitrum, the L1 block number, of the
 * pending block in which its `eth_call` runs.
 * `stepsTracing` has anvil record the EVM steps of the transactions it mines, which its
 * `debug_traceTransaction` needs for the struct logger (lst-devnet always traces).
 * @param {"anvil" | "lst-devnet"} [kind]
 * @param {{stepsTracing?: boolean}} [options]
 * @returns {Promise<{kind: string, url: string, public: any, wallet: any, test: any, account: any, evmBlockNumber: () => Promise<bigint>, stop: () => void}>}
 */
export async function startNode(kind = NODE_KIND, { stepsTracing = false } = {}) {
  if (kind === "lst-devnet") return startLstDevnet();
  if (kind !== "anvil") throw new Error(`startNode(${kind}): "anvil" or "lst-devnet"`);
  return startAnvil(stepsTracing);
}

/** anvil on chain 31337, the genesis contracts put at their addresses with anvil_setCode. */
async function startAnvil(stepsTracing) {
  const port = await freePort();
  // anvil 1.7.1's default hardfork, "latest", is Bpo1 (Osaka with the first blob-parameter
  // update). lst-devnet runs EVM frames by Osaka's rules (ArbOS 50), so anvil is pinned to
  // Osaka: the same opcode and intrinsic gas (Bpo1 changes only blob parameters), and a
  // later anvil's "latest" cannot change the gas the parity test compares.
  const args = ["--port", String(port), "--silent", "--chain-id", "31337", "--hardfork", "osaka"];
  if (stepsTracing) args.push("--steps-tracing");
  const child = spawn(anvilBinary(), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const chain = defineChain({
    id: 31337,
    name: "anvil",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const transport = http(url, { retryCount: 0 });
  const account = privateKeyToAccount(DEV_KEY);
  const clients = {
    kind: "anvil",
    url,
    account,
    public: createPublicClient({ chain, transport, cacheTime: 0 }),
    wallet: createWalletClient({ chain, transport, account }),
    test: createTestClient({ chain, transport, mode: "anvil" }),
    evmBlockNumber: () => clients.public.getBlockNumber(),
    stop: () => child.kill("SIGKILL"),
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await clients.public.getChainId();
      break;
    } catch (e) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`anvil did not start: ${stderr || e}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  for (const c of GENESIS.contracts) {
    await clients.test.setCode({ address: c.address, bytecode: c.deployedBytecode });
  }
  return clients;
}

/** lst-devnet on chain 31337; its genesis must hold the contracts of out/genesis.json. */
async function startLstDevnet() {
  const { url, stop } = await spawnDevnet(["--chain-id", "31337"]);
  const chain = defineChain({
    id: 31337,
    name: "lst-devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const transport = http(url, { retryCount: 0 });
  const account = privateKeyToAccount(DEV_KEY);
  const publicClient = createPublicClient({ chain, transport, cacheTime: 0 });
  const clients = {
    kind: "lst-devnet",
    url,
    account,
    public: publicClient,
    wallet: createWalletClient({ chain, transport, account }),
    test: createTestClient({ chain, transport, mode: "anvil" }),
    evmBlockNumber: async () => {
      const latest = await publicClient.getBlock();
      return BigInt(latest.l1BlockNumber) + 1n;
    },
    stop,
  };
  for (const c of GENESIS.contracts) {
    const code = await publicClient.getCode({ address: c.address });
    if (code !== c.deployedBytecode) {
      stop();
      throw new Error(`lst-devnet's genesis does not hold ${c.name} at ${c.address} as out/genesis.json has it`);
    }
  }
  return clients;
}
