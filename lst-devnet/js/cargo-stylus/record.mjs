// `cargo stylus check` and `cargo stylus deploy` of the registry against lst-devnet, as a user
// runs them, with every JSON-RPC exchange between cargo-stylus and the node recorded:
//
//   1. a fresh `lst-devnet` (unseeded) on a free port, and a recording proxy in front of it;
//   2. `cargo stylus check` at the repository's root (the core program);
//   3. `cargo stylus deploy --no-verify` in `views/` and then in `admin/` (no constructor: for
//      each, a creation transaction, then `ArbWasm.activateProgram`);
//   4. `cargo stylus deploy --no-verify --constructor-args ADMIN VIEWS ADMIN_PROGRAM` at the
//      root (through the StylusDeployer: created, activated and constructed in one
//      transaction);
//   5. `admin()`, `viewsProgram()` and `adminProgram()` read back through the new registry.
//
// The exchange is written to lst-devnet/tests/fixtures/cargo-stylus.json, which
// `cargo test -p lst-devnet --test it cargo_stylus` replays against a fresh node (CI does not
// install cargo-stylus: it takes about 9 minutes from crates.io). Run by
// `bash scripts/cargo-stylus-devnet.sh`, which installs cargo-stylus when it is missing.
//
// The deploying account is development account 1 (a PUBLIC test key), so that its nonces
// start at 0 on a fresh node (account 0 deploys the node's own registry).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot, spawnDevnet } from "../spawn.mjs";
import { ACCOUNT_1 as ADMIN, KEY, cargoStylus, cargoStylusVersion, recordingProxy } from "./recording.mjs";

const OUT = join(repositoryRoot, "lst-devnet", "tests", "fixtures", "cargo-stylus.json");

/** The last `0x…` address printed after "deployed code at address". */
function deployedAddress(output) {
  const found = [...output.matchAll(/deployed code at address: (0x[0-9a-fA-F]{40})/g)];
  if (found.length === 0) throw new Error("cargo stylus printed no deployed address");
  return found[found.length - 1][1];
}

async function call(url, to, data) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to, data }, "latest"] }),
  });
  const body = await res.json();
  if (body.error) throw new Error(JSON.stringify(body.error));
  return `0x${body.result.slice(-40)}`;
}

const node = await spawnDevnet([]);
const proxy = await recordingProxy(node.url);
try {
  const endpoint = ["--endpoint", proxy.url];
  const version = await cargoStylusVersion();
  await cargoStylus(repositoryRoot, ["check", ...endpoint]);
  const views = deployedAddress(
    await cargoStylus(join(repositoryRoot, "views"), ["deploy", "--no-verify", ...endpoint, "--private-key", KEY]),
  );
  const adminProgram = deployedAddress(
    await cargoStylus(join(repositoryRoot, "admin"), ["deploy", "--no-verify", ...endpoint, "--private-key", KEY]),
  );
  const registry = deployedAddress(
    await cargoStylus(repositoryRoot, [
      "deploy",
      "--no-verify",
      ...endpoint,
      "--private-key",
      KEY,
      "--constructor-args",
      ADMIN,
      views,
      adminProgram,
    ]),
  );
  const admin = await call(proxy.url, registry, "0xf851a440"); // admin()
  const viewsProgram = await call(proxy.url, registry, "0x86c2f5af"); // viewsProgram()
  const readAdminProgram = await call(proxy.url, registry, "0x3c7c6082"); // adminProgram()
  console.log(
    `views program ${views}\nadmin program ${adminProgram}\nregistry      ${registry}\nadmin()       ${admin}\n` +
      `viewsProgram() ${viewsProgram}\nadminProgram() ${readAdminProgram}`,
  );
  if (admin.toLowerCase() !== ADMIN.toLowerCase()) throw new Error(`admin() is ${admin}, not ${ADMIN}`);
  if (viewsProgram.toLowerCase() !== views.toLowerCase()) throw new Error(`viewsProgram() is ${viewsProgram}`);
  if (readAdminProgram.toLowerCase() !== adminProgram.toLowerCase()) {
    throw new Error(`adminProgram() is ${readAdminProgram}`);
  }
  writeFileSync(
    OUT,
    `${JSON.stringify({ cargoStylus: version, deployer: ADMIN, views, adminProgram, registry, exchanges: proxy.exchanges }, null, 1)}\n`,
  );
  console.log(`${proxy.exchanges.length} JSON-RPC exchanges written to ${OUT.replace(repositoryRoot + "/", "")}`);
} finally {
  proxy.close();
  node.stop();
}
