// lst-devnet driven by Foundry's cast (npm @foundry-rs/cast-linux-amd64 1.7.1), as a Solidity
// developer drives anvil: a Solidity contract (fixtures/RegistryAdmin.sol) deployed with
// `cast send --create`, its code read with `cast code`, the registry (three Stylus programs)
// read through it with `cast call`, made its admin with `cast send`, a registry custom error
// coming back through the contract to cast's `eth_call` and `eth_estimateGas`, `cast receipt`
// of the transactions and `cast run` of them.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { encodeAbiParameters, getAddress, toFunctionSelector } from "viem";
import { registryAdmin } from "./fixtures/registry-admin.mjs";
import { KEYS, startNode } from "./node.mjs";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const CAST = join(require.resolve("@foundry-rs/cast-linux-amd64/package.json"), "..", "bin", "cast");

/** `cast <command> --rpc-url <node> ...args`: stdout, trimmed; rejects with cast's stderr. */
async function cast(command, ...args) {
  const { stdout } = await run(CAST, [command, "--rpc-url", node.url, ...args], {
    // The keys are development keys (PUBLIC), passed with --private-key: cast 1.7.1 reads no
    // key from the environment.
    env: { ...process.env, FOUNDRY_DISABLE_NIGHTLY_WARNING: "1" },
  });
  return stdout.trim();
}

let node;
before(async () => {
  node = await startNode();
});
after(() => node?.stop());

test("a Solidity contract deployed with cast reads the registry, becomes its admin and changes it", async () => {
  const { bytecode, deployedBytecode } = registryAdmin();
  const args = encodeAbiParameters([{ type: "address" }], [node.registry]).slice(2);
  const deployed = JSON.parse(
    await cast("send", "--json", "--private-key", KEYS.admin, "--create", `${bytecode}${args}`),
  );
  assert.equal(deployed.status, "0x1");
  const contract = getAddress(deployed.contractAddress);
  // cast code: the runtime code, the registry's address filled in as an immutable.
  const code = await cast("code", contract);
  assert.equal(code.length, deployedBytecode.length);
  assert.ok(code.toLowerCase().includes(node.registry.slice(2).toLowerCase()));

  // EVM → Stylus: the contract reads three of the registry's views.
  const summary = (await cast("call", contract, "summary()(address,uint64,uint8)")).split("\n");
  assert.deepEqual(summary, [node.admin.account.address, "4", "0"]);

  // Not yet the admin: the registry's custom error, with the contract as msg.sender, comes
  // back through Solidity to cast (eth_estimateGas refuses before anything is sent).
  const refused = await cast("send", "--private-key", KEYS.stranger, contract, "setDelay(uint32)", "518400").then(
    () => assert.fail("the registry must refuse a contract that is not its admin"),
    (e) => e.stderr,
  );
  const notAdmin = toFunctionSelector("RegistryNotAdmin(address)").slice(2);
  assert.match(refused, new RegExp(notAdmin), refused);
  assert.match(refused.toLowerCase(), new RegExp(contract.slice(2).toLowerCase()), refused);

  // The admin hands over with cast; anyone relays the contract's acceptance.
  await cast("send", "--private-key", KEYS.admin, node.registry, "transferAdmin(address)", contract);
  const accepted = JSON.parse(await cast("send", "--json", "--private-key", KEYS.stranger, contract, "accept()"));
  assert.equal(accepted.status, "0x1");
  assert.equal(getAddress(await cast("call", node.registry, "admin()(address)")), contract);

  // Now the contract administers the registry; a value outside the registry's bounds is
  // still refused by the registry with its error and values (a day is the least delay).
  const set = JSON.parse(
    await cast("send", "--json", "--private-key", KEYS.stranger, contract, "setDelay(uint32)", "518400"),
  );
  assert.equal(set.status, "0x1");
  // cast prints large numbers with their scientific form: `518400 [5.184e5]`.
  assert.equal((await cast("call", contract, "lastDelay()(uint32)")).split(" ")[0], "518400");
  const low = await cast("call", contract, "setDelay(uint32)", "60").then(
    () => assert.fail("a delay of a minute is below the registry's bounds"),
    (e) => e.stderr,
  );
  assert.match(low, new RegExp(toFunctionSelector("RegistryInvalidOracleSetDelay(uint32,uint32,uint32)").slice(2)), low);

  // cast receipt: the registry's event, emitted from a transaction to the EVM contract,
  // and Nitro's receipt fields.
  const receipt = JSON.parse(await cast("receipt", "--json", set.transactionHash));
  assert.ok(
    receipt.logs.some((l) => getAddress(l.address) === getAddress(node.registry)),
    JSON.stringify(receipt.logs),
  );
  assert.equal(receipt.gasUsedForL1, "0x0");

  // cast run replays on cast's own EVM from the node's state before the block: the EVM
  // contract's creation replays with the receipt's gas; a transaction reaching the registry
  // cannot, as against any Arbitrum node (its EF F0 00 code is no EVM opcode to cast).
  const replay = await cast("run", deployed.transactionHash);
  assert.match(replay, /Transaction successfully executed/, replay);
  assert.match(replay, new RegExp(`Gas used: ${BigInt(deployed.gasUsed)}\\b`), replay);
  const stylus = await cast("run", set.transactionHash).then(
    (out) => out,
    (e) => `${e.stdout}${e.stderr}`,
  );
  assert.match(stylus, /OpcodeNotFound/, stylus);
});
