// A fresh anvil (npm @foundry-rs/anvil-linux-amd64) per test file, with the genesis contracts
// put at their addresses, and viem clients on it.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createTestClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { compile } from "../build.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** anvil's first development key (public test key). */
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
 * Starts anvil with the genesis contracts at their addresses.
 * @returns {Promise<{url: string, public: any, wallet: any, test: any, account: any, stop: () => void}>}
 */
export async function startNode() {
  const port = await freePort();
  const child = spawn(anvilBinary(), ["--port", String(port), "--silent", "--chain-id", "31337"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
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
    url,
    account,
    public: createPublicClient({ chain, transport, cacheTime: 0 }),
    wallet: createWalletClient({ chain, transport, account }),
    test: createTestClient({ chain, transport, mode: "anvil" }),
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
