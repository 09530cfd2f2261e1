// lst-devnet driven by viem, as a dapp developer would drive anvil or nitro-devnode: reads,
// transactions and their fees, custom errors, filters, the node's signing methods, and calls with
// state and block overrides.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  BaseError,
  ContractFunctionRevertedError,
  hashTypedData,
  parseEther,
  parseEventLogs,
  recoverMessageAddress,
  recoverTypedDataAddress,
  parseTransaction,
  getAddress,
} from "viem";
import { ABI, BASE_FEE, startNode } from "./node.mjs";

let node;
before(async () => {
  node = await startNode();
});
after(() => node?.stop());

const read = (functionName, args = []) =>
  node.public.readContract({ address: node.registry, abi: ABI, functionName, args });

test("reads the seeded program: phase, nodes, pairings, Nitro's block fields", async () => {
  assert.equal(await node.public.getChainId(), 412_346);
  const [current, nodeLimit, nodeCount] = await read("phase");
  assert.deepEqual([current, nodeLimit, nodeCount], [0, 4, 4]);
  assert.equal(await read("admin"), node.admin.account.address);
  const block = await node.public.getBlock();
  assert.equal(block.baseFeePerGas, BASE_FEE);
  // viem keeps the fields it does not know: Nitro's.
  assert.equal(block.sendCount, "0x0");
  assert.equal(block.sendRoot, `0x${"00".repeat(32)}`);
  assert.ok(BigInt(block.l1BlockNumber) > 0n);
  assert.equal(await node.public.getGasPrice(), BASE_FEE);
  const history = await node.public.getFeeHistory({ blockCount: 3, rewardPercentiles: [50] });
  assert.deepEqual(history.baseFeePerGas, [BASE_FEE, BASE_FEE, BASE_FEE, BASE_FEE]);
});

test("a transaction pays the base fee only, its receipt has its event and Arbitrum's fields", async () => {
  const from = node.admin.account.address;
  const before = await node.public.getBalance({ address: from });
  const hash = await node.admin.writeContract({
    address: node.registry,
    abi: ABI,
    functionName: "setOracleSetDelay",
    args: [3 * 86_400],
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 100_000_000n,
  });
  const receipt = await node.public.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
  assert.equal(receipt.effectiveGasPrice, BASE_FEE);
  // viem keeps Nitro's receipt fields as the node sends them.
  assert.equal(receipt.gasUsedForL1, "0x0");
  assert.ok(BigInt(receipt.l1BlockNumber) > 0n);
  const after = await node.public.getBalance({ address: from });
  assert.equal(before - after, receipt.gasUsed * BASE_FEE);
  const [event] = parseEventLogs({ abi: ABI, logs: receipt.logs, eventName: "OracleSetDelayChanged" });
  assert.ok(event, "OracleSetDelayChanged");
  const oracleSet = await read("oracleSet");
  assert.equal(oracleSet[7], 3 * 86_400);
});

test("a revert reaches viem as the registry's custom error", async () => {
  await assert.rejects(
    node.public.simulateContract({
      address: node.registry,
      abi: ABI,
      functionName: "openRound",
      args: [2, 9_999_999_999n],
      account: node.stranger.account,
    }),
    (error) => {
      assert.ok(error instanceof BaseError);
      const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
      assert.equal(revert?.data?.errorName, "RegistryNotAdmin");
      assert.equal(revert.data.args[0], node.stranger.account.address);
      return true;
    },
  );
});

test("event and block filters report each change once", async () => {
  const events = await node.public.createContractEventFilter({ address: node.registry, abi: ABI });
  const blocks = await node.public.createBlockFilter();
  const hash = await node.admin.writeContract({
    address: node.registry,
    abi: ABI,
    functionName: "setOracleSetDelay",
    args: [4 * 86_400],
  });
  await node.public.waitForTransactionReceipt({ hash });
  const changes = await node.public.getFilterChanges({ filter: events });
  assert.equal(changes.length, 1);
  assert.equal(changes[0].eventName, "OracleSetDelayChanged");
  assert.equal(changes[0].transactionHash, hash);
  assert.deepEqual(await node.public.getFilterChanges({ filter: events }), []);
  const newBlocks = await node.public.getFilterChanges({ filter: blocks });
  assert.equal(newBlocks.length, 1);
  assert.equal(await node.public.uninstallFilter({ filter: blocks }), true);
  await assert.rejects(node.public.getFilterChanges({ filter: blocks }), /filter not found/);
});

test("watchContractEvent sees a transaction sent after it started", async () => {
  const seen = new Promise((resolve) => {
    const unwatch = node.public.watchContractEvent({
      address: node.registry,
      abi: ABI,
      eventName: "OracleSetDelayChanged",
      pollingInterval: 100,
      onLogs: (logs) => {
        unwatch();
        resolve(logs);
      },
    });
  });
  await new Promise((r) => setTimeout(r, 300));
  const hash = await node.admin.writeContract({
    address: node.registry,
    abi: ABI,
    functionName: "setOracleSetDelay",
    args: [5 * 86_400],
  });
  const logs = await seen;
  assert.equal(logs[0].transactionHash, hash);
});

test("the node signs for its development accounts: messages, a tally as typed data, transactions", async () => {
  const account = getAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"); // account 1
  const wallet = node.unlocked(account);
  const message = "an oracle says hello";
  const signature = await wallet.signMessage({ message }); // personal_sign
  assert.equal(await recoverMessageAddress({ message, signature }), account);

  // Application 1's tally as an oracle signs it: the registry's own digest is viem's.
  const [roundId, applicant, stakingContract, , , contentHash, snapshotProposal, , , snapshotSpace] =
    await read("application", [1n]);
  const [, , epoch] = await read("oracleSet");
  const message712 = {
    round: roundId,
    applicationId: 1n,
    applicant,
    stakingContract,
    contentHash,
    snapshotSpace,
    snapshotProposal,
    forVotes: parseEther("30000"),
    againstVotes: parseEther("10"),
    abstainVotes: 0n,
    voters: 700,
    oracleEpoch: epoch,
  };
  // Written out here on purpose, not imported from @lst-registry/sdk: this suite checks the
  // node and the contract against the interface's NatSpec, independently of the SDK (whose
  // own tests check its copy against the contract's tallyDigest).
  const typedData = {
    domain: { name: "LstRegistry", version: "1", chainId: 412_346, verifyingContract: node.registry },
    types: {
      TallyAttestation: [
        { name: "round", type: "uint64" },
        { name: "applicationId", type: "uint64" },
        { name: "applicant", type: "address" },
        { name: "stakingContract", type: "address" },
        { name: "contentHash", type: "bytes32" },
        { name: "snapshotSpace", type: "string" },
        { name: "snapshotProposal", type: "bytes32" },
        { name: "forVotes", type: "uint256" },
        { name: "againstVotes", type: "uint256" },
        { name: "abstainVotes", type: "uint256" },
        { name: "voters", type: "uint32" },
        { name: "oracleEpoch", type: "uint32" },
      ],
    },
    primaryType: "TallyAttestation",
    message: message712,
  };
  const onChain = await read("tallyDigest", [1n, parseEther("30000"), parseEther("10"), 0n, 700]);
  assert.equal(hashTypedData(typedData), onChain);
  const tallySignature = await wallet.signTypedData(typedData); // eth_signTypedData_v4
  assert.equal(await recoverTypedDataAddress({ ...typedData, signature: tallySignature }), account);

  const serialized = await wallet.signTransaction({
    to: account,
    value: 1n,
    gas: 21_000n,
  }); // eth_signTransaction
  const parsed = parseTransaction(serialized);
  assert.equal(parsed.value, 1n);
  const hash = await node.public.sendRawTransaction({ serializedTransaction: serialized });
  const receipt = await node.public.waitForTransactionReceipt({ hash });
  assert.equal(receipt.from.toLowerCase(), account.toLowerCase());
});

test("block receipts and transactions by index", async () => {
  const block = await node.public.getBlock({ includeTransactions: true });
  assert.equal(block.transactions.length, 1);
  const tx = await node.public.getTransaction({ blockNumber: block.number, index: 0 });
  assert.equal(tx.hash, block.transactions[0].hash);
  const receipts = await node.public.request({ method: "eth_getBlockReceipts", params: [`0x${block.number.toString(16)}`] });
  assert.equal(receipts.length, 1);
  assert.equal(receipts[0].transactionHash, tx.hash);
  assert.equal(await node.public.request({ method: "eth_blobBaseFee" }), "0x1");
});

test("readContract with stateOverride and blockOverrides: one call sees them, the chain does not", async () => {
  const admin = await read("admin");
  const stranger = getAddress("0x" + "ab".repeat(20));
  const slot0 = await node.public.getStorageAt({ address: node.registry, slot: "0x0" });
  // The admin's 20 bytes, wherever the control record keeps them in slot 0.
  const at = slot0.slice(2).indexOf(admin.slice(2).toLowerCase());
  assert.ok(at >= 0, "the admin is in slot 0");
  const patched = `0x${slot0.slice(2, 2 + at)}${stranger.slice(2).toLowerCase()}${slot0.slice(2 + at + 40)}`;
  const overridden = await node.public.readContract({
    address: node.registry,
    abi: ABI,
    functionName: "admin",
    stateOverride: [{ address: node.registry, stateDiff: [{ slot: `0x${"0".repeat(64)}`, value: patched }] }],
  });
  assert.equal(overridden, stranger);
  assert.equal(await read("admin"), admin);
  // ArbSys.arbBlockNumber() under a block override.
  const arbSys = "0x0000000000000000000000000000000000000064";
  const { data } = await node.public.call({
    to: arbSys,
    data: "0xa3b1b31d", // arbBlockNumber()
    blockOverrides: { number: 4242n },
  });
  assert.equal(BigInt(data), 4242n);
  // EVM bytecode in a code override runs for that call: PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN.
  const { data: answer } = await node.public.call({
    to: node.registry,
    data: "0x",
    stateOverride: [{ address: node.registry, code: "0x602a60005260206000f3" }],
  });
  assert.equal(BigInt(answer), 42n);
  assert.ok((await node.public.getCode({ address: node.registry })).startsWith("0xeff000"), "the registry's code is unchanged");
});
