// Starts `lst-devnet --seed` on a free port (the binary cargo built: $LST_DEVNET_BIN, or
// target/debug/lst-devnet) and gives viem clients on it.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/** The registry's interface, as committed in abi/. */
export const ABI = JSON.parse(readFileSync(join(root, "abi", "ILstRegistry.json"), "utf8"));

/** Development keys 0 (admin) and 9 (PUBLIC test keys of the mnemonic `test … junk`). */
export const KEYS = {
  admin: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  stranger: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
};

/** The node's base fee (0.1 gwei), all a transaction pays. */
export const BASE_FEE = 100_000_000n;

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

function binary() {
  return process.env.LST_DEVNET_BIN ?? join(root, "target", "debug", "lst-devnet");
}

/**
 * Starts a seeded node and returns its URL, registry, chain and viem clients.
 * @returns {Promise<{url: string, registry: `0x${string}`, chain: any, public: any, admin: any, stranger: any, stop: () => void}>}
 */
export async function startNode() {
  const port = await freePort();
  const child = spawn(binary(), ["--seed", "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr.on("data", (d) => (errors += d));
  const registry = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lst-devnet did not start: ${errors}`)), 60_000);
    child.once("exit", (code) => reject(new Error(`lst-devnet exited (${code}): ${errors}`)));
    child.stdout.on("data", (d) => {
      output += d;
      const found = output.match(/Registry\s+(0x[0-9a-fA-F]{40})/);
      if (found && output.includes("Listening on")) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const chain = defineChain({
    id: 412_346,
    name: "lst-devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  // No client-side cache: each read goes to the node.
  const transport = http(url);
  const wallet = (key) =>
    createWalletClient({ chain, transport, account: privateKeyToAccount(key), cacheTime: 0 });
  return {
    url,
    registry,
    chain,
    public: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 }),
    admin: wallet(KEYS.admin),
    stranger: wallet(KEYS.stranger),
    /** A wallet client whose account the node holds (JSON-RPC account: the node signs). */
    unlocked: (address) => createWalletClient({ chain, transport, account: address, cacheTime: 0 }),
    stop: () => child.kill("SIGKILL"),
  };
}
