// lst-devnet (and nitro-devnode) as a viem chain.
import { defineChain, type Chain } from "viem";

/** The chain id of lst-devnet and nitro-devnode. */
export const LST_DEVNET_CHAIN_ID = 412_346;

/** lst-devnet at `url` (default http://127.0.0.1:8547) as a viem chain. */
export function lstDevnet(url = "http://127.0.0.1:8547"): Chain {
  return defineChain({
    id: LST_DEVNET_CHAIN_ID,
    name: "lst-devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
    testnet: true,
  });
}
