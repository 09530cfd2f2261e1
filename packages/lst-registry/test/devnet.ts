// A seeded `lst-devnet` for a test file (started by lst-devnet/js/spawn.mjs, as every
// JavaScript suite starts it), with viem clients and a reader on it.
import { repositoryRoot, spawnDevnet } from "../../../lst-devnet/js/spawn.mjs";
import { createPublicClient, createWalletClient, http, keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createRegistryReader, lstDevnet } from "../src/index.js";

export { repositoryRoot };

/** PUBLIC development keys (anvil's mnemonic `test … junk`), by account index. */
export const DEV_KEYS: Hex[] = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];
export const devAccount = (i: number) => privateKeyToAccount(DEV_KEYS[i]!);

/** The seeded oracle keys: keccak256("lst-devnet:oracle:{i}") (PUBLIC test keys). */
export const ORACLE_KEYS: Hex[] = [0, 1, 2].map((i) => keccak256(toHex(`lst-devnet:oracle:${i}`)));

export type Devnet = Awaited<ReturnType<typeof startDevnet>>;

/** A seeded node, viem clients on it and a reader of its registry; `stop()` kills it. */
export async function startDevnet() {
  const { url, registry, stop } = await spawnDevnet(["--seed"]);
  const chain = lstDevnet(url);
  const transport = http(url);
  const client = createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 });
  const wallet = (key: Hex) => createWalletClient({ chain, transport, account: privateKeyToAccount(key), cacheTime: 0 });
  return {
    url,
    chain,
    registry,
    client,
    wallet,
    reader: createRegistryReader({ client, address: registry }),
    stop,
  };
}
