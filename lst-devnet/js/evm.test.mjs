// EVM contracts on lst-devnet, driven by viem: Multicall3 from the genesis batching the
// registry's views (viem's `multicall`), and a Solidity contract compiled here with solc-js
// (contracts/build.mjs, the pinned 0.8.37), deployed over JSON-RPC, that reads the registry
// and, once made its admin, changes it: EVM calling Stylus, with the registry seeing the
// contract as msg.sender.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BaseError, ContractFunctionRevertedError, getAddress, parseEventLogs } from "viem";
import { registryAdmin } from "./fixtures/registry-admin.mjs";
import { ABI, MULTICALL3, startNode } from "./node.mjs";

let node;
before(async () => {
  node = await startNode();
});
after(() => node?.stop());

const read = (functionName, args = []) =>
  node.public.readContract({ address: node.registry, abi: ABI, functionName, args });

test("Multicall3 is in the genesis and viem's multicall batches the registry's views through it", async () => {
  const code = await node.public.getCode({ address: MULTICALL3 });
  assert.ok(code.startsWith("0x6080"), "Solidity runtime code");
  const views = [
    { address: node.registry, abi: ABI, functionName: "admin" },
    { address: node.registry, abi: ABI, functionName: "counts" },
    { address: node.registry, abi: ABI, functionName: "phase" },
    { address: node.registry, abi: ABI, functionName: "rules" },
    { address: node.registry, abi: ABI, functionName: "oracleSet" },
  ];
  // The chain declares contracts.multicall3: no multicallAddress needed.
  const results = await node.public.multicall({ contracts: views, allowFailure: false });
  assert.equal(results.length, views.length);
  for (const [i, view] of views.entries()) {
    assert.deepEqual(results[i], await read(view.functionName), view.functionName);
  }
  assert.equal(results[0], node.admin.account.address);
  assert.deepEqual(results[2], [0, 4, 4]);
  // Explicitly, with a failure allowed: the registry's custom error comes back decoded.
  const [ok, failed] = await node.public.multicall({
    multicallAddress: MULTICALL3,
    contracts: [views[1], { address: node.registry, abi: ABI, functionName: "node", args: [999n] }],
  });
  assert.equal(ok.status, "success");
  assert.deepEqual(ok.result, results[1]);
  assert.equal(failed.status, "failure");
  assert.ok(failed.error instanceof BaseError);
  const revert = failed.error.walk((e) => e instanceof ContractFunctionRevertedError);
  assert.ok(revert?.data?.errorName, `a custom error: ${failed.error.shortMessage}`);
});

test("a Solidity contract deployed over JSON-RPC reads the registry, and administers it once admin", async () => {
  const { abi, bytecode, deployedBytecode } = registryAdmin();
  // Deployed as viem deploys: a creation transaction with EVM init code (gas estimated by the node).
  const hash = await node.admin.deployContract({ abi, bytecode, args: [node.registry] });
  const receipt = await node.public.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
  const contract = receipt.contractAddress;
  assert.ok(contract);
  // The runtime code, with the registry's address as an immutable in it.
  const onChain = await node.public.getCode({ address: contract });
  assert.equal(onChain.length, deployedBytecode.length);
  assert.ok(onChain.toLowerCase().includes(node.registry.slice(2).toLowerCase()));
  const call = (functionName, args = []) =>
    node.public.readContract({ address: contract, abi, functionName, args });
  assert.equal(await call("registry"), node.registry);

  // EVM → Stylus views.
  const [admin, nodeCount, phase] = await call("summary");
  assert.equal(admin, node.admin.account.address);
  assert.equal(nodeCount, 4n);
  assert.equal(phase, 0);

  // Not the admin yet: the registry refuses the contract (msg.sender), and Solidity bubbles
  // the registry's custom error up to viem.
  const errorsAbi = [...abi, ...ABI.filter((item) => item.type === "error")];
  await assert.rejects(
    node.public.simulateContract({
      address: contract,
      abi: errorsAbi,
      functionName: "setDelay",
      args: [6 * 86_400],
      account: node.stranger.account,
    }),
    (error) => {
      const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
      assert.equal(revert?.data?.errorName, "RegistryNotAdmin");
      assert.equal(getAddress(revert.data.args[0]), getAddress(contract));
      return true;
    },
  );

  // The admin hands over; the contract accepts and changes the registry as its admin.
  const transfer = await node.admin.writeContract({
    address: node.registry,
    abi: ABI,
    functionName: "transferAdmin",
    args: [contract],
  });
  await node.public.waitForTransactionReceipt({ hash: transfer });
  const accept = await node.stranger.writeContract({ address: contract, abi, functionName: "accept" });
  assert.equal((await node.public.waitForTransactionReceipt({ hash: accept })).status, "success");
  assert.equal(await read("admin"), getAddress(contract));

  const set = await node.stranger.writeContract({ address: contract, abi, functionName: "setDelay", args: [6 * 86_400] });
  const setReceipt = await node.public.waitForTransactionReceipt({ hash: set });
  assert.equal(setReceipt.status, "success");
  // The registry's event, emitted in a transaction to an EVM contract.
  const [event] = parseEventLogs({ abi: ABI, logs: setReceipt.logs, eventName: "OracleSetDelayChanged" });
  assert.equal(event.address.toLowerCase(), node.registry.toLowerCase());
  assert.equal(event.args.delay, 6 * 86_400);
  assert.equal(await call("lastDelay"), 6 * 86_400);
  const oracleSet = await read("oracleSet");
  assert.equal(oracleSet[7], 6 * 86_400);

  // The call tree, traced: EVM frame, then the registry (Stylus) under it.
  const trace = await node.public.request({
    method: "debug_traceTransaction",
    params: [set, { tracer: "callTracer" }],
  });
  assert.equal(trace.to.toLowerCase(), contract.toLowerCase());
  assert.ok(trace.calls.some((c) => c.to.toLowerCase() === node.registry.toLowerCase()));
});
