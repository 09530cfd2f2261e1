// Starts `lst-devnet --seed` on a free port (the binary cargo built: $LST_DEVNET_BIN, or
// target/debug/lst-devnet) and gives viem clients on it.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { spawnDevnet } from "./spawn.mjs";

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

/** Multicall3, in every chain's genesis (contracts/out/genesis.json). */
export const MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";

/**
 * Starts a seeded node and returns its URL, registry, chain and viem clients.
 * @returns {Promise<{url: string, wsUrl: string, registry: `0x${string}`, chain: any, public: any, admin: any, stranger: any, stop: () => void}>}
 */
export async function startNode() {
  const { url, port, registry, stop } = await spawnDevnet(["--seed"]);
  const chain = defineChain({
    id: 412_346,
    name: "lst-devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
    // viem's `multicall` finds Multicall3 here.
    contracts: { multicall3: { address: MULTICALL3 } },
  });
  // No client-side cache: each read goes to the node.
  const transport = http(url);
  const wallet = (key) =>
    createWalletClient({ chain, transport, account: privateKeyToAccount(key), cacheTime: 0 });
  return {
    url,
    /** The websocket on the same port. */
    wsUrl: `ws://127.0.0.1:${port}`,
    registry,
    chain,
    public: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 }),
    admin: wallet(KEYS.admin),
    stranger: wallet(KEYS.stranger),
    /** A wallet client whose account the node holds (JSON-RPC account: the node signs). */
    unlocked: (address) => createWalletClient({ chain, transport, account: address, cacheTime: 0 }),
    stop,
  };
}
