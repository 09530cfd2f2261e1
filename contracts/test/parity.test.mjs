// EVM gas parity: the same signed transactions on anvil and on lst-devnet, both started here
// (anvil pinned to Osaka, lst-devnet's EVM rules; chain 31337 for both), must use the same
// gas: a plain ERC-20's creation and transfers (a fresh recipient, a holder, the sender's
// whole balance), and a CREATE2 deployment through the DeterministicDeployer, with the same
// address and code. eth_estimateGas is compared too. When gas differs, the assertion message
// names the first step of the two nodes' struct-logger traces whose gas differs.
//
// It starts both nodes, so it needs lst-devnet built and runs once: in the lst-devnet run
// (`npm run test:lst-devnet -w contracts`), skipped in `npm test -w contracts`, which needs
// anvil only.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  concat,
  encodeAbiParameters,
  encodeFunctionData,
  getContractAddress,
  keccak256,
  parseGwei,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { NODE_KIND, fixtures, genesisContract, startNode } from "./node.mjs";

const FIX = fixtures();
const TOKEN = FIX.PlainToken;
const FACTORY = genesisContract("DeterministicDeployer");
const SUPPLY = 1_000_000n * 10n ** 18n;
/**
 * The second development key (public test key, funded on both nodes): unused on both at the
 * start, where lst-devnet's account 0 has already deployed the registry, so the same signed
 * transactions (nonces from 0) go to both and create at the same addresses.
 */
const SENDER = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
/** Above both nodes' base fee (anvil's starts at 1 gwei, lst-devnet's is 0.1 gwei). */
const MAX_FEE = parseGwei("10");
const GAS_LIMIT = 3_000_000n;
const FRESH = "0x000000000000000000000000000000000000bEEF";
const KINDS = ["anvil", "lst-devnet"];

/** @type {Record<string, Awaited<ReturnType<typeof startNode>>>} */
const nodes = {};
let nonce = 0;

/** Skipped in the anvil run: this file starts both nodes itself, once. */
const SKIP = NODE_KIND !== "lst-devnet" && "starts both nodes: runs in npm run test:lst-devnet";

describe("EVM gas parity with anvil", { skip: SKIP }, () => {
  before(async () => {
    for (const kind of KINDS) nodes[kind] = await startNode(kind, { stepsTracing: true });
    for (const kind of KINDS) {
      assert.equal(await nodes[kind].public.getTransactionCount({ address: SENDER.address }), 0, kind);
    }
  });
  after(() => {
    for (const node of Object.values(nodes)) node.stop();
  });

  test("a plain ERC-20's creation", async () => {
    const data = concat([TOKEN.bytecode, encodeAbiParameters([{ type: "uint256" }], [SUPPLY])]);
    const receipts = await sameGas("creation", { data });
    const created = receipts.map((r) => r.contractAddress);
    assert.equal(created[0], getContractAddress({ from: SENDER.address, nonce: 0n }).toLowerCase());
    assert.equal(created[1], created[0]);
    await sameCode(created[0], TOKEN.deployedBytecode);
  });

  const token = () => getContractAddress({ from: SENDER.address, nonce: 0n });
  const transfer = (to, value) => ({
    to: token(),
    data: encodeFunctionData({ abi: TOKEN.abi, functionName: "transfer", args: [to, value] }),
  });

  test("transfer to a fresh address (recipient's slot zero to nonzero)", async () => {
    await sameGas("transfer to a fresh address", transfer(FRESH, 1000n));
  });

  test("transfer to a holder (both slots nonzero to nonzero)", async () => {
    await sameGas("transfer to a holder", transfer(FRESH, 2000n));
  });

  test("transfer of the sender's whole balance (its slot to zero: a refund)", async () => {
    await sameGas("transfer of the whole balance", transfer(FRESH, SUPPLY - 3000n));
    for (const kind of KINDS) {
      const balance = await nodes[kind].public.readContract({
        address: token(),
        abi: TOKEN.abi,
        functionName: "balanceOf",
        args: [FRESH],
      });
      assert.equal(balance, SUPPLY, kind);
    }
  });

  test("CREATE2 through the DeterministicDeployer (salt ‖ init code)", async () => {
    const salt = keccak256(toHex("parity"));
    const initCode = concat([TOKEN.bytecode, encodeAbiParameters([{ type: "uint256" }], [SUPPLY])]);
    const expected = getContractAddress({ opcode: "CREATE2", from: FACTORY.address, salt, bytecode: initCode });
    const request = { to: FACTORY.address, data: concat([salt, initCode]) };
    for (const kind of KINDS) {
      const returned = await nodes[kind].public.request({
        method: "eth_call",
        params: [{ from: SENDER.address, ...request }, "latest"],
      });
      assert.equal(returned.toLowerCase(), expected.toLowerCase(), kind);
    }
    await sameGas("CREATE2 deployment", request);
    await sameCode(expected, TOKEN.deployedBytecode);
  });
});

/**
 * Estimates `request` from SENDER on both nodes, then signs it once (next nonce) and sends the
 * same raw transaction to both: the estimates and the receipts' gasUsed must be equal.
 * @returns {Promise<any[]>} the receipts, anvil's then lst-devnet's
 */
async function sameGas(what, request) {
  const estimates = [];
  for (const kind of KINDS) {
    const estimate = await nodes[kind].public.request({
      method: "eth_estimateGas",
      params: [{ from: SENDER.address, to: request.to, data: request.data }, "latest"],
    });
    estimates.push(BigInt(estimate));
  }
  const raw = await SENDER.signTransaction({
    type: "eip1559",
    chainId: 31337,
    nonce: nonce++,
    to: request.to,
    data: request.data,
    gas: GAS_LIMIT,
    maxFeePerGas: MAX_FEE,
    maxPriorityFeePerGas: 0n,
  });
  const receipts = [];
  for (const kind of KINDS) {
    const hash = await nodes[kind].public.request({ method: "eth_sendRawTransaction", params: [raw] });
    const receipt = await nodes[kind].public.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${what} on ${kind}`);
    receipts.push(receipt);
  }
  const [anvil, devnet] = receipts;
  if (anvil.gasUsed !== devnet.gasUsed) {
    assert.fail(
      `${what}: gasUsed ${anvil.gasUsed} on anvil, ${devnet.gasUsed} on lst-devnet ` +
        `(${signed(devnet.gasUsed - anvil.gasUsed)}); ${await firstDifference(anvil.transactionHash)}`,
    );
  }
  assert.equal(estimates[1], estimates[0], `${what}: eth_estimateGas on lst-devnet (anvil's first)`);
  return receipts;
}

/** Both nodes hold `code` at `address`. */
async function sameCode(address, code) {
  for (const kind of KINDS) {
    assert.equal(await nodes[kind].public.getCode({ address }), code, `code at ${address} on ${kind}`);
  }
}

function signed(n) {
  return n > 0n ? `+${n}` : `${n}`;
}

/**
 * The first step of transaction `hash`'s struct-logger traces (geth's default tracer, which
 * both nodes answer) at which the two nodes part: a different opcode, or different gas left
 * before it (then the step before cost differently), in words.
 */
async function firstDifference(hash) {
  const traces = {};
  for (const kind of KINDS) {
    traces[kind] = await nodes[kind].public.request({
      method: "debug_traceTransaction",
      params: [hash, { disableStack: true, disableStorage: true, enableMemory: false }],
    });
  }
  const a = traces.anvil.structLogs;
  const d = traces["lst-devnet"].structLogs;
  if (a.length === 0 || d.length === 0) return `no EVM steps traced (anvil ${a.length}, lst-devnet ${d.length})`;
  const step = (s) => (s ? `${s.op} pc ${s.pc} depth ${s.depth} gas ${s.gas} cost ${s.gasCost}` : "none");
  for (let i = 0; i < Math.max(a.length, d.length); i++) {
    const x = a[i];
    const y = d[i];
    if (x && y && x.op === y.op && x.pc === y.pc && x.depth === y.depth && x.gas === y.gas) continue;
    const before =
      i > 0
        ? `; the step before (its cost differs if the gas left does): ` +
          `anvil ${step(a[i - 1])}, lst-devnet ${step(d[i - 1])}`
        : " (gas left at the first step: the intrinsic gas differs)";
    return `first differing step ${i}: anvil ${step(x)}, lst-devnet ${step(y)}${before}`;
  }
  return (
    `the ${a.length} steps agree (gas left and opcodes); traces' gas: anvil ${traces.anvil.gas}, ` +
    `lst-devnet ${traces["lst-devnet"].gas}: the difference is outside the EVM steps ` +
    `(intrinsic gas, the code deposit or the refund)`
  );
}
