// `cargo stylus cache` against lst-devnet, as a user runs it, with every JSON-RPC exchange
// between cargo-stylus and the node recorded (run by `bash scripts/cargo-stylus-devnet.sh`,
// after record.mjs, the check/deploy recording):
//
//   1. a fresh `lst-devnet` (unseeded: the node deploys its registry itself) on a free port,
//      and a recording proxy in front of it;
//   2. `cargo stylus cache status`, then `status --address <registry>` and
//      `suggest-bid <registry>` (not cached, bids of 0 accepted);
//   3. `cargo stylus cache bid <registry> 1000` from development account 1: a bid to the
//      genesis CacheManager, which caches the program through ArbWasmCache;
//   4. `status --address <registry>` (cached), `bid <registry> 1` (refused: already cached) and
//      `suggest-bid <account 1>` (refused: not an activated program).
//
// The exchange is written to lst-devnet/tests/fixtures/cargo-stylus-cache.json, which
// `cargo test -p lst-devnet --test it cargo_stylus` replays against a fresh node. The deploying
// account is development account 1 (a PUBLIC test key), whose nonces start at 0 on a fresh node.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot, spawnDevnet } from "../spawn.mjs";
import { ACCOUNT_1 as BIDDER, KEY, cargoStylus, cargoStylusVersion, recordingProxy } from "./recording.mjs";

const OUT = join(repositoryRoot, "lst-devnet", "tests", "fixtures", "cargo-stylus-cache.json");

/** `cargo stylus cache ...args` (see `cargoStylus`). */
const cache = (args, fails) => cargoStylus(repositoryRoot, ["cache", ...args], fails);

const node = await spawnDevnet([]);
const proxy = await recordingProxy(node.url);
try {
  const endpoint = ["--endpoint", proxy.url];
  const version = await cargoStylusVersion();
  const registry = node.registry;
  const status = await cache(["status", ...endpoint]);
  if (!status.includes("Cache manager address: 0x0f1f89aaf1c6fdb7ff9d361e4388f5f3997f12a8")) {
    throw new Error("not the genesis CacheManager");
  }
  if (!(await cache(["status", ...endpoint, "--address", registry])).includes("is not yet cached")) {
    throw new Error("cached before the bid");
  }
  if (!(await cache(["suggest-bid", ...endpoint, registry])).includes(": 0 wei")) {
    throw new Error("a bid of 0 is not enough");
  }
  await cache(["bid", ...endpoint, "--private-key", KEY, registry, "1000"]);
  if (!(await cache(["status", ...endpoint, "--address", registry])).includes('"is cached"')) {
    throw new Error("not cached after the bid");
  }
  await cache(["bid", ...endpoint, "--private-key", KEY, registry, "1"], "already cached");
  await cache(["suggest-bid", ...endpoint, BIDDER], "not yet activated");
  writeFileSync(
    OUT,
    `${JSON.stringify({ cargoStylus: version, bidder: BIDDER, registry, exchanges: proxy.exchanges }, null, 1)}\n`,
  );
  console.log(`${proxy.exchanges.length} JSON-RPC exchanges written to ${OUT.replace(repositoryRoot + "/", "")}`);
} finally {
  proxy.close();
  node.stop();
}
