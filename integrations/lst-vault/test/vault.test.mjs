// LstVault on a seeded lst-devnet, driven over JSON-RPC by viem as an LST's dapp and its
// users would drive it. The seeded program (lst-devnet/src/seed.rs) has run round 1: nodes 1-2
// are paired with application 1, nodes 3-4 with application 2, each application's staking
// contract a vault of its own (the seed's). Here the LST joins it as a real one would: its team
// deploys METIS (a stand-in)
// and the vault, applies in a new round naming the vault as staking contract, the oracle set
// attests its Snapshot tally (2 of the 3 seeded oracles sign the registry's own `tallyDigest`),
// the round is finalised, and the operators of nodes 3 and 4 move them to the new LST.
// The tests then run in order on that one chain, each leaving the state the next starts from.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { concatHex, createWalletClient, http, keccak256, parseEventLogs, toFunctionSelector, toHex } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import {
  REGISTRY_ABI,
  TOKEN,
  VAULT,
  VAULT_CALLS_ABI,
  assertRefused,
  deploy,
  frames,
  metis,
  roleKey,
  send,
  startDevnet,
} from "./devnet.mjs";

let devnet;
let registry;
let token;
let vault;
/** Wallets: the registry's admin, the operators of nodes 3 and 4, the LST's team, users. */
let admin, operator3, operator4, team, alice, bob, carol, stranger;
/** Seeded staking contracts of applications 1 and 2 (the seed's vaults, contracts). */
let staking1, staking2;
/** The vault's application, and the pairings of nodes 3 and 4 with it. */
let applicationId, pairing3, pairing4;

const CAP3 = metis(30_000);
const CAP4 = metis(20_000);

// ------------------------------------------------------------------------------- helpers

const readRegistry = (functionName, args = []) =>
  devnet.client.readContract({ address: registry, abi: REGISTRY_ABI, functionName, args });
const readToken = (functionName, args = []) =>
  devnet.client.readContract({ address: token, abi: TOKEN.abi, functionName, args });
const readVault = (functionName, args = []) =>
  devnet.client.readContract({ address: vault, abi: VAULT.abi, functionName, args });

const onRegistry = (functionName, args) => ({ address: registry, abi: REGISTRY_ABI, functionName, args });
const onToken = (functionName, args) => ({ address: token, abi: TOKEN.abi, functionName, args });
/** A call to the vault, with the token's and the registry's errors in its ABI to decode them. */
const onVault = (functionName, args) => ({ address: vault, abi: VAULT_CALLS_ABI, functionName, args });

/** The `eventName` logs of `receipt` that `address` emitted, decoded with `abi`: their args. */
function logs(receipt, address, abi, eventName) {
  return parseEventLogs({ abi, logs: receipt.logs, eventName })
    .filter((log) => log.address.toLowerCase() === address.toLowerCase())
    .map((log) => log.args);
}

/** A pairing as an object. */
async function pairing(pairingId) {
  const [nodeId, application, stakeCap, stake, startedAt, endedAt] = await readRegistry("pairing", [pairingId]);
  return { nodeId, applicationId: application, stakeCap, stake, startedAt, endedAt };
}

/** A node's active pairing (0 when none). */
const activePairing = async (nodeId) => (await readRegistry("node", [nodeId]))[2];

const users = () => [alice, bob, carol, stranger].map((w) => w.account.address);

/**
 * Everything a refused call must leave as it was: METIS balances and allowances to the vault,
 * the vault's books, and the registry's pairings (stake, cap, end), capacities and nonce.
 */
async function state() {
  const people = users();
  const [, , nodeCount, pairingCount] = await readRegistry("counts");
  const nodes = Array.from({ length: Number(nodeCount) }, (_, i) => BigInt(i + 1));
  const pairingIds = Array.from({ length: Number(pairingCount) }, (_, i) => BigInt(i + 1));
  return {
    supply: await readToken("totalSupply"),
    balances: await Promise.all([...people, vault].map((a) => readToken("balanceOf", [a]))),
    allowances: await Promise.all(people.map((a) => readToken("allowance", [a, vault]))),
    totalPooled: await readVault("totalPooled"),
    pooled: await Promise.all(nodes.map((n) => readVault("pooledStake", [n]))),
    deposits: await Promise.all(nodes.flatMap((n) => people.map((a) => readVault("depositOf", [n, a])))),
    pairings: await Promise.all(pairingIds.map(pairing)),
    remaining: await Promise.all(nodes.map((n) => readRegistry("remainingCapacity", [n]))),
    nonce: await readRegistry("pairingNonce"),
  };
}

/** The vault's books balance: its METIS = totalPooled = Σ pools, and each pool = Σ deposits. */
async function assertBooks() {
  const [, , nodeCount] = await readRegistry("counts");
  let sum = 0n;
  for (let n = 1n; n <= nodeCount; n++) {
    const pool = await readVault("pooledStake", [n]);
    const deposits = await Promise.all(users().map((a) => readVault("depositOf", [n, a])));
    assert.equal(pool, deposits.reduce((a, b) => a + b, 0n), `node ${n}: the pool is its deposits`);
    sum += pool;
  }
  assert.equal(await readVault("totalPooled"), sum, "totalPooled is the sum of the pools");
  assert.equal(await readToken("balanceOf", [vault]), sum, "the vault holds exactly the pooled METIS");
}

/** Signatures of the first `count` seeded oracles over `digest`, sorted by signer, concatenated. */
async function oracleSignatures(digest, count) {
  const signed = await Promise.all(
    devnet.oracleKeys.slice(0, count).map(async (privateKey) => ({
      signer: privateKeyToAccount(privateKey).address.toLowerCase(),
      signature: await sign({ hash: digest, privateKey, to: "hex" }),
    })),
  );
  signed.sort((a, b) => (a.signer < b.signer ? -1 : 1));
  return concatHex(signed.map((s) => s.signature));
}

// ------------------------------------------------------------------------------- setup

before(async () => {
  devnet = await startDevnet(["--seed"]);
  registry = devnet.registry;
  const { wallet, devKeys } = devnet;
  admin = wallet(devKeys[0]);
  operator3 = wallet(devKeys[3]);
  operator4 = wallet(devKeys[4]);
  [, , staking1] = await readRegistry("application", [1n]);
  [, , staking2] = await readRegistry("application", [2n]);
  [team, alice, bob, carol, stranger] = ["LST team", "alice", "bob", "carol", "stranger"].map((r) => wallet(roleKey(r)));
  for (const w of [team, alice, bob, carol, stranger]) await devnet.fund(w.account.address);

  // The LST's contracts: METIS (the team mints for the users) and the vault.
  token = await deploy(devnet, team, TOKEN);
  vault = await deploy(devnet, team, VAULT, [registry, token]);
  await send(devnet, team, onToken("mint", [alice.account.address, metis(50_000)]));
  await send(devnet, team, onToken("mint", [bob.account.address, metis(50_000)]));

  // Stage 1: a round, the LST's application naming the vault, an attested tally, finalisation.
  const { timestamp } = await devnet.client.getBlock();
  await send(devnet, admin, onRegistry("openRound", [1, timestamp + 7n * 86_400n]));
  const [roundId] = await readRegistry("counts");
  const snapshotSpace = (await readRegistry("rules"))[7];
  await send(
    devnet,
    team,
    onRegistry("submitApplication", [
      "Vault Staked METIS",
      "ipfs://bafy-lst-vault/application.json",
      keccak256(toHex("lst-vault application document")),
      snapshotSpace,
      keccak256(toHex("lst-vault snapshot proposal")),
      vault,
    ]),
  );
  [, applicationId] = await readRegistry("counts");
  await send(devnet, admin, onRegistry("closeRound", [roundId]));
  const votes = [metis(30_000), metis(1_000), metis(500), 640];
  const digest = await readRegistry("tallyDigest", [applicationId, ...votes]);
  const [, threshold] = await readRegistry("oracleSet");
  const signatures = await oracleSignatures(digest, threshold);
  await send(devnet, stranger, onRegistry("attestTally", [applicationId, ...votes, signatures])); // anyone relays
  await send(devnet, stranger, onRegistry("finaliseRound", [roundId]));

  // Stage 2: the operators of nodes 3 and 4 leave application 2 and pair with the LST.
  for (const [operator, nodeId, cap] of [
    [operator3, 3n, CAP3],
    [operator4, 4n, CAP4],
  ]) {
    await send(devnet, operator, onRegistry("unpair", [nodeId, "moving to Vault Staked METIS"]));
    await send(
      devnet,
      operator,
      onRegistry("pair", [nodeId, applicationId, cap, `https://forum.example/lst-vault/node-${nodeId}`]),
    );
  }
  pairing3 = await activePairing(3n);
  pairing4 = await activePairing(4n);
});

after(() => devnet?.stop());

// ------------------------------------------------------------------------------- tests

test("the vault is the staking contract of a qualified application, and nodes 3 and 4 are paired with it", async () => {
  const [, applicant, stakingContract, status] = await readRegistry("application", [applicationId]);
  assert.equal(applicant, team.account.address);
  assert.equal(stakingContract, vault);
  assert.equal(status, 4, "Qualified");
  assert.deepEqual(await readRegistry("eligibility", [applicationId]), [true, 4]);

  assert.deepEqual(await readVault("pairingOf", [3n]), [pairing3, applicationId, CAP3, true]);
  assert.deepEqual(await readVault("pairingOf", [4n]), [pairing4, applicationId, CAP4, true]);
  // Node 1 is another LST's (seeded: application 1).
  assert.deepEqual(await readVault("pairingOf", [1n]), [1n, 1n, metis(50_000), false]);
  const p3 = await pairing(pairing3);
  assert.equal(p3.nodeId, 3n);
  assert.equal(p3.applicationId, applicationId);
  assert.equal(p3.stake, 0n);
  assert.equal(p3.endedAt, 0n);
  assert.equal(await readRegistry("remainingCapacity", [3n]), CAP3);
  assert.equal(await readVault("registry"), registry);
  assert.equal(await readVault("metis"), token);
  await assertBooks();
});

test("a deposit pulls METIS and reports the node's pooled stake to the registry in the same transaction", async () => {
  await send(devnet, alice, onToken("approve", [vault, metis(20_000)]));
  const receipt = await send(devnet, alice, onVault("deposit", [3n, metis(12_000)]));

  assert.deepEqual(logs(receipt, token, TOKEN.abi, "Transfer"), [
    { from: alice.account.address, to: vault, value: metis(12_000) },
  ]);
  assert.deepEqual(logs(receipt, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 3n, pairingId: pairing3, stake: metis(12_000) },
  ]);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "Deposited"), [
    { nodeId: 3n, account: alice.account.address, pairingId: pairing3, amount: metis(12_000), pooledStake: metis(12_000) },
  ]);

  // The registry's views show it.
  assert.equal((await pairing(pairing3)).stake, metis(12_000));
  assert.equal(await readRegistry("remainingCapacity", [3n]), CAP3 - metis(12_000));
  const [nodeIds, pairingIds, , caps, remaining] = await readRegistry("activePairings", [0n, 100n]);
  const at = nodeIds.indexOf(3n);
  assert.equal(pairingIds[at], pairing3);
  assert.equal(caps[at], CAP3);
  assert.equal(remaining[at], CAP3 - metis(12_000));
  // So do the vault's and the token's.
  assert.equal(await readVault("pooledStake", [3n]), metis(12_000));
  assert.equal(await readVault("depositOf", [3n, alice.account.address]), metis(12_000));
  assert.equal(await readToken("balanceOf", [alice.account.address]), metis(38_000));
  assert.equal(await readToken("allowance", [alice.account.address, vault]), metis(8_000));

  // The calls the vault made, in order: the registry's views (checks), then METIS in, then
  // the report, with the vault as the registry's msg.sender.
  const trace = await devnet.client.request({
    method: "debug_traceTransaction",
    params: [receipt.transactionHash, { tracer: "callTracer" }],
  });
  const fromVault = frames(trace).filter((f) => f.from.toLowerCase() === vault.toLowerCase());
  const selector = (signature) => toFunctionSelector(signature);
  assert.deepEqual(
    fromVault.map((f) => [f.type, f.to.toLowerCase(), f.input.slice(0, 10)]),
    [
      ["STATICCALL", registry.toLowerCase(), selector("node(uint64)")],
      ["STATICCALL", registry.toLowerCase(), selector("pairing(uint64)")],
      ["STATICCALL", registry.toLowerCase(), selector("application(uint64)")],
      ["CALL", token.toLowerCase(), selector("transferFrom(address,address,uint256)")],
      ["CALL", registry.toLowerCase(), selector("reportStake(uint64,uint256)")],
    ],
  );

  // A second depositor: the report is the node's whole pool, an absolute amount.
  await send(devnet, bob, onToken("approve", [vault, metis(50_000)]));
  const second = await send(devnet, bob, onVault("deposit", [3n, metis(6_000)]));
  assert.deepEqual(logs(second, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 3n, pairingId: pairing3, stake: metis(18_000) },
  ]);
  assert.equal((await pairing(pairing3)).stake, metis(18_000));
  assert.equal(await readRegistry("remainingCapacity", [3n]), CAP3 - metis(18_000));
  await assertBooks();
});

test("a deposit past the node's remaining capacity is refused with the registry's RegistryStakeAboveCap, unchanged", async () => {
  const remaining = await readRegistry("remainingCapacity", [3n]);
  assert.equal(remaining, metis(12_000));
  const trace = await assertRefused(
    devnet,
    bob,
    onVault("deposit", [3n, remaining + 1n]),
    { errorName: "RegistryStakeAboveCap", args: [3n, CAP3 + 1n, CAP3] },
    state,
  );
  // The revert data the depositor got is the registry's, byte for byte.
  const report = frames(trace).find((f) => f.input.startsWith(toFunctionSelector("reportStake(uint64,uint256)")));
  assert.equal(report.to.toLowerCase(), registry.toLowerCase());
  assert.ok(report.error, "the registry reverted");
  assert.equal(report.output, trace.output);

  // Exactly the remaining capacity fits; then the node is full and one wei more is refused.
  const receipt = await send(devnet, bob, onVault("deposit", [3n, remaining]));
  assert.deepEqual(logs(receipt, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 3n, pairingId: pairing3, stake: CAP3 },
  ]);
  assert.equal(await readRegistry("remainingCapacity", [3n]), 0n);
  await assertRefused(
    devnet,
    alice,
    onVault("deposit", [3n, 1n]),
    { errorName: "RegistryStakeAboveCap", args: [3n, CAP3 + 1n, CAP3] },
    state,
  );
  await assertBooks();
});

test("deposits to a node paired with another LST, to an unknown node, or of zero are refused, unchanged", async () => {
  await assertRefused(
    devnet,
    alice,
    onVault("deposit", [1n, metis(1)]),
    { errorName: "VaultNotVaultsPairing", args: [1n, 1n, 1n, staking1] },
    state,
  );
  await assertRefused(
    devnet,
    alice,
    onVault("deposit", [99n, metis(1)]),
    { errorName: "RegistryUnknownNode", args: [99n] },
    state,
  );
  await assertRefused(devnet, alice, onVault("deposit", [4n, 0n]), { errorName: "VaultZeroAmount", args: undefined }, state);
  await assertBooks();
});

test("nobody but the vault reports stake for its pairings: RegistryNotStakingContract", async () => {
  for (const [wallet, who] of [
    [stranger, stranger.account.address],
    [operator3, operator3.account.address], // the node's own operator
  ]) {
    await assertRefused(
      devnet,
      wallet,
      onRegistry("reportStake", [pairing3, 0n]),
      { errorName: "RegistryNotStakingContract", args: [3n, who, vault] },
      state,
    );
  }
  // Nor another LST's staking contract (seeded application 1's vault), impersonated on the
  // node (anvil_impersonateAccount) to send the report itself.
  await devnet.client.request({ method: "anvil_impersonateAccount", params: [staking1] });
  await devnet.fund(staking1);
  const other = createWalletClient({ chain: devnet.chain, transport: http(devnet.url), account: staking1 });
  await assertRefused(
    devnet,
    other,
    onRegistry("reportStake", [pairing4, metis(1)]),
    { errorName: "RegistryNotStakingContract", args: [4n, staking1, vault] },
    state,
  );
  await devnet.client.request({ method: "anvil_stopImpersonatingAccount", params: [staking1] });
  assert.equal((await pairing(pairing3)).stake, CAP3);
  assert.equal((await pairing(pairing4)).stake, 0n);
});

test("the token's allowance and balance errors reach the depositor through the vault, unchanged", async () => {
  await assertRefused(
    devnet,
    carol,
    onVault("deposit", [4n, metis(1_000)]),
    { errorName: "ERC20InsufficientAllowance", args: [vault, 0n, metis(1_000)] },
    state,
  );
  await send(devnet, carol, onToken("approve", [vault, metis(1_000)]));
  await assertRefused(
    devnet,
    carol,
    onVault("deposit", [4n, metis(1_000)]),
    { errorName: "ERC20InsufficientBalance", args: [carol.account.address, 0n, metis(1_000)] },
    state,
  );
  assert.equal((await pairing(pairing4)).stake, 0n, "nothing reported");
  await assertBooks();
});

test("withdraw returns METIS to its depositor and reports the lower stake", async () => {
  const before = await readToken("balanceOf", [alice.account.address]);
  const receipt = await send(devnet, alice, onVault("withdraw", [3n, metis(5_000)]));
  const pooled = CAP3 - metis(5_000);
  assert.deepEqual(logs(receipt, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 3n, pairingId: pairing3, stake: pooled },
  ]);
  assert.deepEqual(logs(receipt, token, TOKEN.abi, "Transfer"), [
    { from: vault, to: alice.account.address, value: metis(5_000) },
  ]);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "Withdrawn"), [
    { nodeId: 3n, account: alice.account.address, pairingId: pairing3, amount: metis(5_000), pooledStake: pooled },
  ]);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "StakeNotReported"), []);
  assert.equal((await pairing(pairing3)).stake, pooled);
  assert.equal(await readRegistry("remainingCapacity", [3n]), metis(5_000));
  assert.equal(await readToken("balanceOf", [alice.account.address]), before + metis(5_000));
  assert.equal(await readVault("depositOf", [3n, alice.account.address]), metis(7_000));

  // No more than one's own deposit on that node.
  await assertRefused(
    devnet,
    alice,
    onVault("withdraw", [3n, metis(7_000) + 1n]),
    { errorName: "VaultInsufficientDeposit", args: [3n, alice.account.address, metis(7_000), metis(7_000) + 1n] },
    state,
  );
  await assertRefused(
    devnet,
    stranger,
    onVault("withdraw", [3n, 1n]),
    { errorName: "VaultInsufficientDeposit", args: [3n, stranger.account.address, 0n, 1n] },
    state,
  );
  await assertRefused(devnet, alice, onVault("withdraw", [3n, 0n]), { errorName: "VaultZeroAmount", args: undefined }, state);

  // Pools are per node: a deposit on node 4 is reported to node 4's pairing alone.
  const onFour = await send(devnet, alice, onVault("deposit", [4n, metis(2_000)]));
  assert.deepEqual(logs(onFour, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 4n, pairingId: pairing4, stake: metis(2_000) },
  ]);
  assert.equal(await readRegistry("remainingCapacity", [3n]), metis(5_000));
  await assertRefused(
    devnet,
    alice,
    onVault("withdraw", [4n, metis(2_000) + 1n]),
    { errorName: "VaultInsufficientDeposit", args: [4n, alice.account.address, metis(2_000), metis(2_000) + 1n] },
    state,
  );
  await assertBooks();
});

test("while the registry is paused, deposits are refused with RegistryPaused, withdrawals work, and syncStake reports afterwards", async () => {
  await send(devnet, admin, onRegistry("pause"));
  await assertRefused(devnet, alice, onVault("deposit", [3n, metis(1)]), { errorName: "RegistryPaused", args: undefined }, state);
  await assertRefused(devnet, stranger, onVault("syncStake", [3n]), { errorName: "RegistryPaused", args: undefined }, state);

  const reported = (await pairing(pairing3)).stake;
  const receipt = await send(devnet, bob, onVault("withdraw", [3n, metis(1_000)]));
  const pooled = reported - metis(1_000);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "Withdrawn"), [
    { nodeId: 3n, account: bob.account.address, pairingId: 0n, amount: metis(1_000), pooledStake: pooled },
  ]);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "StakeNotReported"), [
    { nodeId: 3n, pairingId: pairing3, reason: 2 }, // RegistryPaused
  ]);
  assert.deepEqual(logs(receipt, registry, REGISTRY_ABI, "StakeReported"), []);
  assert.equal((await pairing(pairing3)).stake, reported, "the registry still has the last report");
  assert.equal(await readVault("pooledStake", [3n]), pooled);

  await send(devnet, admin, onRegistry("unpause"));
  const synced = await send(devnet, stranger, onVault("syncStake", [3n])); // anyone may sync
  assert.deepEqual(logs(synced, vault, VAULT.abi, "StakeSynced"), [{ nodeId: 3n, pairingId: pairing3, pooledStake: pooled }]);
  assert.deepEqual(logs(synced, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 3n, pairingId: pairing3, stake: pooled },
  ]);
  assert.equal((await pairing(pairing3)).stake, pooled);
  await assertBooks();
});

test("after its pairing ends, the node takes no deposit; withdrawals still work, without a report", async () => {
  await send(devnet, operator3, onRegistry("unpair", [3n, "maintenance"]));
  const ended = await pairing(pairing3);
  assert.ok(ended.endedAt > 0n, "the pairing ended");
  assert.equal(await activePairing(3n), 0n);
  assert.equal(await readRegistry("remainingCapacity", [3n]), 0n);
  assert.deepEqual(await readVault("pairingOf", [3n]), [0n, 0n, 0n, false]);

  await assertRefused(devnet, alice, onVault("deposit", [3n, metis(1)]), { errorName: "VaultNodeNotPaired", args: [3n] }, state);
  await assertRefused(devnet, stranger, onVault("syncStake", [3n]), { errorName: "VaultNodeNotPaired", args: [3n] }, state);
  // The registry itself refuses any report to the ended pairing.
  await assertRefused(
    devnet,
    stranger,
    onRegistry("reportStake", [pairing3, 0n]),
    { errorName: "RegistryPairingEnded", args: [pairing3] },
    state,
  );

  const before = await readToken("balanceOf", [alice.account.address]);
  const receipt = await send(devnet, alice, onVault("withdraw", [3n, metis(2_000)]));
  const pooled = ended.stake - metis(2_000);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "Withdrawn"), [
    { nodeId: 3n, account: alice.account.address, pairingId: 0n, amount: metis(2_000), pooledStake: pooled },
  ]);
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "StakeNotReported"), [{ nodeId: 3n, pairingId: 0n, reason: 0 }]); // NotPaired
  assert.deepEqual(logs(receipt, registry, REGISTRY_ABI, "StakeReported"), []);
  assert.equal(await readToken("balanceOf", [alice.account.address]), before + metis(2_000));
  assert.deepEqual(await pairing(pairing3), ended, "the ended pairing's record stays as it was");

  // Node 4, still paired, is unaffected.
  const onFour = await send(devnet, bob, onVault("deposit", [4n, metis(1_000)]));
  assert.deepEqual(logs(onFour, registry, REGISTRY_ABI, "StakeReported"), [
    { nodeId: 4n, pairingId: pairing4, stake: metis(3_000) },
  ]);
  await assertBooks();
});

test("a node that pairs with the LST again gets its pool back in the registry, within the new cap", async () => {
  const pool = await readVault("pooledStake", [3n]);
  assert.equal(pool, metis(22_000));
  const cap = metis(20_000); // below the pool left on the node
  await send(devnet, operator3, onRegistry("pair", [3n, applicationId, cap, "https://forum.example/lst-vault/node-3-again"]));
  const again = await activePairing(3n);
  assert.ok(again > pairing3, "a new pairing");
  assert.equal((await pairing(again)).stake, 0n);

  // The whole pool is reported to the new pairing, so it must fit the new cap.
  await assertRefused(
    devnet,
    stranger,
    onVault("syncStake", [3n]),
    { errorName: "RegistryStakeAboveCap", args: [3n, pool, cap] },
    state,
  );
  await assertRefused(
    devnet,
    bob,
    onVault("deposit", [3n, 1n]),
    { errorName: "RegistryStakeAboveCap", args: [3n, pool + 1n, cap] },
    state,
  );
  // Withdrawals work; above the cap their report is skipped, within it they report.
  const above = await send(devnet, alice, onVault("withdraw", [3n, metis(1_000)]));
  assert.deepEqual(logs(above, vault, VAULT.abi, "StakeNotReported"), [{ nodeId: 3n, pairingId: again, reason: 3 }]); // AboveCap
  assert.deepEqual(logs(above, registry, REGISTRY_ABI, "StakeReported"), []);
  const within = await send(devnet, alice, onVault("withdraw", [3n, metis(1_000)]));
  assert.deepEqual(logs(within, registry, REGISTRY_ABI, "StakeReported"), [{ nodeId: 3n, pairingId: again, stake: cap }]);
  assert.deepEqual(logs(within, vault, VAULT.abi, "Withdrawn"), [
    { nodeId: 3n, account: alice.account.address, pairingId: again, amount: metis(1_000), pooledStake: cap },
  ]);
  assert.equal(await readRegistry("remainingCapacity", [3n]), 0n);
  pairing3 = again;
  await assertBooks();
});

test("a node that moves to another LST takes no deposit for this one; its depositors still withdraw", async () => {
  await send(devnet, operator4, onRegistry("unpair", [4n, "moving back to application 2"]));
  await send(devnet, operator4, onRegistry("pair", [4n, 2n, metis(25_000), "https://forum.example/lst-vault/node-4-back"]));
  const other = await activePairing(4n);
  assert.deepEqual(await readVault("pairingOf", [4n]), [other, 2n, metis(25_000), false]);

  await assertRefused(
    devnet,
    bob,
    onVault("deposit", [4n, metis(1)]),
    { errorName: "VaultNotVaultsPairing", args: [4n, other, 2n, staking2] },
    state,
  );
  const receipt = await send(devnet, alice, onVault("withdraw", [4n, metis(2_000)]));
  assert.deepEqual(logs(receipt, vault, VAULT.abi, "StakeNotReported"), [{ nodeId: 4n, pairingId: other, reason: 1 }]); // OtherApplication
  assert.deepEqual(logs(receipt, registry, REGISTRY_ABI, "StakeReported"), []);
  assert.equal((await pairing(other)).stake, 0n, "the other LST's pairing is untouched");
  await assertBooks();
});

test("when the admin revokes the application, its pairings end: no deposits, and everyone withdraws everything", async () => {
  const revoked = await send(devnet, admin, onRegistry("revokeApplication", [applicationId, "test: the LST is retired"]));
  assert.deepEqual(
    logs(revoked, registry, REGISTRY_ABI, "NodeUnpaired").map((e) => [e.nodeId, e.pairingId]),
    [[3n, pairing3]],
  );
  assert.deepEqual(await readRegistry("eligibility", [applicationId]), [false, 10]);
  await assertRefused(devnet, bob, onVault("deposit", [3n, metis(1)]), { errorName: "VaultNodeNotPaired", args: [3n] }, state);

  for (const wallet of [alice, bob, carol, stranger]) {
    for (const nodeId of [1n, 2n, 3n, 4n]) {
      const deposited = await readVault("depositOf", [nodeId, wallet.account.address]);
      if (deposited > 0n) await send(devnet, wallet, onVault("withdraw", [nodeId, deposited]));
    }
  }
  assert.equal(await readVault("totalPooled"), 0n);
  assert.equal(await readToken("balanceOf", [vault]), 0n);
  // Every METIS minted is back with its owner.
  assert.equal(await readToken("balanceOf", [alice.account.address]), metis(50_000));
  assert.equal(await readToken("balanceOf", [bob.account.address]), metis(50_000));
  await assertBooks();
});
