// The genesis contracts on a real EVM (anvil), driven by viem as tools drive them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  concat,
  decodeErrorResult,
  decodeEventLog,
  decodeFunctionResult,
  encodeFunctionData,
  encodePacked,
  getAddress,
  getContractAddress,
  keccak256,
  parseAbi,
  parseEther,
  toHex,
  zeroAddress,
} from "viem";
import { NODE_KIND, fixtures, genesisContract, startNode } from "./node.mjs";

const FIX = fixtures();
const FACTORY = genesisContract("DeterministicDeployer");
const MULTICALL = genesisContract("Multicall3");
const DEPLOYER = genesisContract("StylusDeployer");
const ARB_WASM = "0x0000000000000000000000000000000000000071";
const ERROR_STRING = parseAbi(["error Error(string)"]);
/** What cargo-stylus declares of the deployer: the call it sends and the event it reads. */
const CARGO_STYLUS_ABI = parseAbi([
  "function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) payable returns (address)",
  "event ContractDeployed(address deployedContract)",
]);
const CARGO_STYLUS_VIEW = Object.fromEntries(CARGO_STYLUS_ABI.map((item) => [item.name, item]));

/** The revert data of a failed call or transaction request, found in the error or its causes. */
async function revertData(promise) {
  try {
    await promise;
  } catch (e) {
    for (let err = e; err; err = err.cause) {
      const data = err.data?.data ?? err.data;
      if (typeof data === "string" && data.startsWith("0x")) return data;
    }
    throw new Error(`reverted without data: ${e.shortMessage ?? e.message}`);
  }
  throw new Error("did not revert");
}

let node;
before(async () => {
  node = await startNode();
});
after(() => node?.stop());

/** Sends a transaction and returns its receipt (which must succeed). */
async function send(request) {
  const hash = await node.wallet.sendTransaction(request);
  const receipt = await node.public.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

/** `eth_call` from the development account, raw. */
function call(to, data, value = 0n) {
  return node.public.request({
    method: "eth_call",
    params: [{ from: node.account.address, to, data, value: toHex(value) }, "latest"],
  });
}

describe("DeterministicDeployer at the canonical address", () => {
  test("creates with CREATE2 and returns the 20-byte address", async () => {
    const salt = keccak256(toHex("probe"));
    const data = concat([salt, FIX.InitProbe.bytecode]);
    const expected = getContractAddress({
      opcode: "CREATE2",
      from: FACTORY.address,
      salt,
      bytecode: FIX.InitProbe.bytecode,
    });
    assert.equal((await call(FACTORY.address, data)).toLowerCase(), expected.toLowerCase());
    await send({ to: FACTORY.address, data });
    assert.equal(await node.public.getCode({ address: expected }), FIX.InitProbe.deployedBytecode);
    // The same salt and code again collide: nothing is created twice.
    assert.equal(await revertData(call(FACTORY.address, data)), "0x");
  });

  test("forwards the call's value to the creation", async () => {
    const salt = keccak256(toHex("payable"));
    const data = concat([salt, FIX.PayableOnCreation.bytecode]);
    await send({ to: FACTORY.address, data, value: 7n });
    const created = getContractAddress({
      opcode: "CREATE2",
      from: FACTORY.address,
      salt,
      bytecode: FIX.PayableOnCreation.bytecode,
    });
    assert.equal(await node.public.getBalance({ address: created }), 7n);
  });

  test("passes a creation's revert data on and refuses calldata shorter than a salt", async () => {
    const data = concat([keccak256(toHex("x")), FIX.RevertsWithReason.bytecode]);
    const reverted = await revertData(call(FACTORY.address, data));
    assert.deepEqual(decodeErrorResult({ abi: ERROR_STRING, data: reverted }).args, ["no"]);
    assert.equal(await revertData(call(FACTORY.address, "0x1234")), "0x");
  });
});

describe("Multicall3 at the canonical address", () => {
  test("viem's multicall batches reads through it", async () => {
    const abi = MULTICALL.abi;
    const [number, chainId, balance, timestamp] = await node.public.multicall({
      multicallAddress: MULTICALL.address,
      allowFailure: false,
      contracts: [
        { address: MULTICALL.address, abi, functionName: "getBlockNumber" },
        { address: MULTICALL.address, abi, functionName: "getChainId" },
        { address: MULTICALL.address, abi, functionName: "getEthBalance", args: [node.account.address] },
        { address: MULTICALL.address, abi, functionName: "getCurrentBlockTimestamp" },
      ],
    });
    assert.equal(number, await node.evmBlockNumber());
    assert.equal(chainId, 31337n);
    assert.equal(balance, await node.public.getBalance({ address: node.account.address }));
    assert.ok(timestamp > 0n);
  });

  test("aggregate3 reports an allowed failure and reverts on another", async () => {
    const failing = { target: MULTICALL.address, callData: "0xdeadbeef" };
    const ok = { target: MULTICALL.address, callData: encodeFunctionData({ abi: MULTICALL.abi, functionName: "getChainId" }) };
    const data = encodeFunctionData({
      abi: MULTICALL.abi,
      functionName: "aggregate3",
      args: [[{ ...ok, allowFailure: false }, { ...failing, allowFailure: true }]],
    });
    const [first, second] = decodeFunctionResult({ abi: MULTICALL.abi, functionName: "aggregate3", data: await call(MULTICALL.address, data) });
    assert.equal(first.success, true);
    assert.equal(BigInt(first.returnData), 31337n);
    assert.deepEqual(second, { success: false, returnData: "0x" });

    const strict = encodeFunctionData({
      abi: MULTICALL.abi,
      functionName: "aggregate3",
      args: [[{ ...failing, allowFailure: false }]],
    });
    const reverted = await revertData(call(MULTICALL.address, strict));
    assert.deepEqual(decodeErrorResult({ abi: ERROR_STRING, data: reverted }).args, ["Multicall3: call failed"]);
  });

  test("aggregate3Value needs the exact total value", async () => {
    const calls = [{ target: zeroAddress, allowFailure: false, value: 5n, callData: "0x" }];
    const data = encodeFunctionData({ abi: MULTICALL.abi, functionName: "aggregate3Value", args: [calls] });
    // 6 wei for a batch that spends 5: every call succeeds, then the total does not match.
    const reverted = await revertData(call(MULTICALL.address, data, 6n));
    assert.deepEqual(decodeErrorResult({ abi: ERROR_STRING, data: reverted }).args, ["Multicall3: value mismatch"]);
    const [result] = decodeFunctionResult({
      abi: MULTICALL.abi,
      functionName: "aggregate3Value",
      data: await call(MULTICALL.address, data, 5n),
    });
    assert.equal(result.success, true);
  });

  test("aggregate and tryAggregate return the block number and per-call outcomes", async () => {
    const get = { target: MULTICALL.address, callData: encodeFunctionData({ abi: MULTICALL.abi, functionName: "getBasefee" }) };
    const [blockNumber, returnData] = decodeFunctionResult({
      abi: MULTICALL.abi,
      functionName: "aggregate",
      data: await call(MULTICALL.address, encodeFunctionData({ abi: MULTICALL.abi, functionName: "aggregate", args: [[get]] })),
    });
    assert.equal(blockNumber, await node.evmBlockNumber());
    assert.equal(returnData.length, 1);
    const results = decodeFunctionResult({
      abi: MULTICALL.abi,
      functionName: "tryAggregate",
      data: await call(
        MULTICALL.address,
        encodeFunctionData({ abi: MULTICALL.abi, functionName: "tryAggregate", args: [false, [get, { target: MULTICALL.address, callData: "0x01" }]] }),
      ),
    });
    assert.deepEqual(results.map((r) => r.success), [true, false]);
  });
});

describe("StylusDeployer at cargo-stylus' address", () => {
  const mock = FIX.MockArbWasm;
  // These tests deploy EVM fixtures as "programs" and need the ArbWasm model at 0x71 to
  // activate them. lst-devnet runs the real ArbWasm (Stylus code only, and anvil_setCode
  // places no EVM code there): the real flow, a Stylus program deployed, activated and
  // initialised through this contract, is tested in lst-devnet/tests/it/evm.rs.
  const needsMock = NODE_KIND === "anvil" ? {} : { skip: "needs the ArbWasm model at 0x71 (anvil only)" };
  const init = (v) => encodeFunctionData({ abi: FIX.InitProbe.abi, functionName: "init", args: [v] });
  const deployData = (bytecode, initData, initValue, salt) =>
    encodeFunctionData({ abi: DEPLOYER.abi, functionName: "deploy", args: [bytecode, initData, initValue, salt] });
  const ZERO_SALT = `0x${"00".repeat(32)}`;

  before(async () => {
    if (NODE_KIND === "anvil") await node.test.setCode({ address: ARB_WASM, bytecode: mock.deployedBytecode });
  });

  async function read(address, abi, functionName, args = []) {
    return node.public.readContract({ address, abi, functionName, args });
  }

  /** The deployed address, read from the receipt as cargo-stylus reads it. */
  function deployed(receipt) {
    const logs = receipt.logs.filter((l) => l.address.toLowerCase() === DEPLOYER.address.toLowerCase());
    assert.equal(logs.length, 1);
    return decodeEventLog({ abi: CARGO_STYLUS_ABI, ...logs[0] }).args.deployedContract;
  }

  function activations(receipt) {
    return receipt.logs
      .filter((l) => l.address.toLowerCase() === ARB_WASM)
      .map((l) => decodeEventLog({ abi: mock.abi, ...l }).args);
  }

  test("creates, activates once, initialises with its value and refunds the rest (CREATE)", needsMock, async () => {
    const nonce = await node.public.getTransactionCount({ address: DEPLOYER.address });
    const expected = getContractAddress({ opcode: "CREATE", from: DEPLOYER.address, nonce: BigInt(nonce) });
    const before = await node.public.getBalance({ address: node.account.address });
    const receipt = await send({
      to: DEPLOYER.address,
      data: deployData(FIX.InitProbe.bytecode, init(42n), 1000n, ZERO_SALT),
      value: parseEther("0.01") + 1000n,
    });
    const created = deployed(receipt);
    assert.equal(created, expected);
    assert.deepEqual(activations(receipt), [{ program: created, value: parseEther("0.01") }]);
    assert.equal(await read(created, FIX.InitProbe.abi, "value"), 42n);
    assert.equal(await read(created, FIX.InitProbe.abi, "paid"), 1000n);
    assert.equal(await read(created, FIX.InitProbe.abi, "initializer"), DEPLOYER.address);
    const spent = before - (await node.public.getBalance({ address: node.account.address }));
    assert.equal(spent, receipt.gasUsed * receipt.effectiveGasPrice + 1000n + parseEther("0.001"));
    assert.equal(await node.public.getBalance({ address: DEPLOYER.address }), 0n);
  });

  test("with a salt, the address binds the salt, the init data and the init value (CREATE2)", needsMock, async () => {
    const salt = keccak256(toHex("salted"));
    const initData = init(7n);
    const bound = keccak256(encodePacked(["bytes32", "bytes", "uint256"], [salt, initData, 0n]));
    assert.equal(await read(DEPLOYER.address, DEPLOYER.abi, "initSalt", [salt, initData, 0n]), bound);
    const receipt = await send({ to: DEPLOYER.address, data: deployData(FIX.InitProbe.bytecode, initData, 0n, salt) });
    const expected = getContractAddress({ opcode: "CREATE2", from: DEPLOYER.address, salt: bound, bytecode: FIX.InitProbe.bytecode });
    assert.equal(deployed(receipt), expected);
    // The code hash was activated by the previous test: no second activation.
    assert.deepEqual(activations(receipt), []);
    assert.equal(await read(DEPLOYER.address, DEPLOYER.abi, "requiresActivation", [expected]), false);
  });

  test("refuses what cannot be deployed, with the deployer's errors", needsMock, async () => {
    const cases = [
      [deployData("0x", "0x", 0n, ZERO_SALT), 0n, "EmptyBytecode", []],
      [deployData(FIX.InitProbe.bytecode, "0x", 1n, ZERO_SALT), 1n, "InitValueButNotInitData", []],
      [deployData(FIX.RevertsWithoutData.bytecode, "0x", 0n, ZERO_SALT), 0n, "ContractDeploymentError", [FIX.RevertsWithoutData.bytecode]],
      [deployData(FIX.PayableOnCreation.bytecode, "0x", 5n, ZERO_SALT), 4n, "InsufficientValue", [4n, 5n]],
    ];
    for (const [data, value, name, args] of cases) {
      const reverted = await revertData(call(DEPLOYER.address, data, value));
      const decoded = decodeErrorResult({ abi: DEPLOYER.abi, data: reverted });
      assert.equal(decoded.errorName, name);
      assert.deepEqual(decoded.args ?? [], args);
    }
    // A failed initialisation names the contract it created.
    const nonce = await node.public.getTransactionCount({ address: DEPLOYER.address });
    const next = getContractAddress({ opcode: "CREATE", from: DEPLOYER.address, nonce: BigInt(nonce) });
    const failing = await revertData(call(DEPLOYER.address, deployData(FIX.InitProbe.bytecode, "0xdeadbeef", 0n, ZERO_SALT)));
    const decoded = decodeErrorResult({ abi: DEPLOYER.abi, data: failing });
    assert.equal(decoded.errorName, "ContractInitializationError");
    assert.deepEqual(decoded.args, [next]);
    // A creation's own revert reason reaches the caller intact.
    const reason = await revertData(call(DEPLOYER.address, deployData(FIX.RevertsWithReason.bytecode, "0x", 0n, ZERO_SALT)));
    assert.deepEqual(decodeErrorResult({ abi: ERROR_STRING, data: reason }).args, ["no"]);
  });

  test("the ABI is the one cargo-stylus calls", () => {
    const ours = (name) => DEPLOYER.abi.find((item) => item.name === name);
    for (const [name, item] of Object.entries(CARGO_STYLUS_VIEW)) {
      assert.deepEqual(
        { inputs: ours(name).inputs.map((i) => i.type), outputs: (ours(name).outputs ?? []).map((o) => o.type) },
        { inputs: item.inputs.map((i) => i.type), outputs: (item.outputs ?? []).map((o) => o.type) },
        name,
      );
    }
  });
});

describe("CacheManager at nitro-testnode's address", () => {
  const CACHE = genesisContract("CacheManager");
  const ARB_WASM_CACHE = "0x0000000000000000000000000000000000000072";
  /** What cargo-stylus 0.10.10 declares of the cache manager (stylus-tools' core/cache.rs). */
  const CARGO_STYLUS_CACHE_ABI = parseAbi([
    "function cacheSize() view returns (uint64)",
    "function queueSize() view returns (uint64)",
    "function isPaused() view returns (bool)",
    "function placeBid(address program) payable",
    "function getMinBid(address program) view returns (uint192 min)",
    "function getMinBid(uint64 size) view returns (uint192 min)",
    "error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize)",
    "error AlreadyCached(bytes32 codehash)",
    "error BidTooSmall(uint192 bid, uint192 min)",
    "error BidsArePaused()",
    "error ProgramNotActivated()",
  ]);
  const ARB_WASM_CACHE_ABI = parseAbi([
    "function allCacheManagers() view returns (address[])",
    "function codehashIsCached(bytes32 codehash) view returns (bool)",
    "function cacheProgram(address program)",
    "event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached)",
  ]);
  const KIB = 1024n;
  // The bids below cache EVM fixtures as "programs", activated by the ArbWasm model at 0x71 and
  // cached by the ArbWasmCache model at 0x72 (anvil only); on lst-devnet the real precompiles
  // take Stylus programs only: the real flow is tested in stylus-devnet/tests/it/cache_manager.rs.
  const needsMock = NODE_KIND === "anvil" ? {} : { skip: "needs the ArbWasm and ArbWasmCache models (anvil only)" };

  before(async () => {
    if (NODE_KIND !== "anvil") return;
    await node.test.setCode({ address: ARB_WASM, bytecode: FIX.MockArbWasm.deployedBytecode });
    await node.test.setCode({ address: ARB_WASM_CACHE, bytecode: FIX.MockArbWasmCache.deployedBytecode });
  });

  function read(functionName, args = [], abi = CARGO_STYLUS_CACHE_ABI, address = CACHE.address) {
    return node.public.readContract({ address, abi, functionName, args });
  }

  function bidData(program) {
    return encodeFunctionData({ abi: CARGO_STYLUS_CACHE_ABI, functionName: "placeBid", args: [program] });
  }

  async function isCached(program) {
    const codehash = keccak256(await node.public.getCode({ address: program }));
    return read("codehashIsCached", [codehash], ARB_WASM_CACHE_ABI, ARB_WASM_CACHE);
  }

  /** Storage slot `slot` of the cache manager set to `value` (0: the cache size, 1: paused). */
  function setSlot(slot, value) {
    return node.test.setStorageAt({ address: CACHE.address, index: slot, value: toHex(value, { size: 32 }) });
  }

  /** A new "program": a Tagged fixture, activated through the model unless told not to. */
  async function program(tag, activate = true) {
    const hash = await node.wallet.deployContract({ abi: FIX.Tagged.abi, bytecode: FIX.Tagged.bytecode, args: [tag] });
    const contractAddress = getAddress((await node.public.waitForTransactionReceipt({ hash })).contractAddress);
    if (activate) {
      const data = encodeFunctionData({ abi: FIX.MockArbWasm.abi, functionName: "activateProgram", args: [contractAddress] });
      await send({ to: ARB_WASM, data, value: parseEther("0.001") });
    }
    return contractAddress;
  }

  async function bidError(program, value) {
    const reverted = await revertData(call(CACHE.address, bidData(program), value));
    const { errorName, args } = decodeErrorResult({ abi: CARGO_STYLUS_CACHE_ABI, data: reverted });
    return [errorName, ...(args ?? [])];
  }

  test("ArbWasmCache names it, and `cargo stylus cache status` reads an empty cache", async () => {
    assert.deepEqual(await read("allCacheManagers", [], ARB_WASM_CACHE_ABI, ARB_WASM_CACHE), [CACHE.address]);
    assert.equal(await read("cacheSize"), 64n * KIB * KIB);
    assert.equal(await read("queueSize"), 0n);
    assert.equal(await read("isPaused"), false);
    for (const size of [8000n, 16000n, 24000n]) assert.equal(await read("getMinBid", [size]), 0n);
  });

  test("the ABI is the one cargo-stylus calls", () => {
    const signature = (item) => `${item.type} ${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
    const ours = new Map(CACHE.abi.map((item) => [signature(item), item]));
    for (const item of CARGO_STYLUS_CACHE_ABI) {
      const found = ours.get(signature(item));
      assert.ok(found, signature(item));
      assert.deepEqual((found.outputs ?? []).map((o) => o.type), (item.outputs ?? []).map((o) => o.type), signature(item));
    }
  });

  test("a bid caches an activated program once; other programs and callers are refused", needsMock, async () => {
    const p = await program(1n);
    const codehash = keccak256(await node.public.getCode({ address: p }));
    assert.equal(await read("getMinBid", [p]), 0n);
    const receipt = await send({ to: CACHE.address, data: bidData(p), value: 1000n });
    const [update, insert] = receipt.logs;
    assert.equal(update.address.toLowerCase(), ARB_WASM_CACHE);
    assert.deepEqual(decodeEventLog({ abi: ARB_WASM_CACHE_ABI, ...update }).args, { manager: CACHE.address, codehash, cached: true });
    assert.deepEqual(decodeEventLog({ abi: CACHE.abi, ...insert }).args, { codehash, program: p, bid: 1000n, size: 512n * KIB });
    assert.equal(await isCached(p), true);
    assert.equal(await read("queueSize"), 512n * KIB);
    assert.deepEqual(await read("getEntries", [], CACHE.abi), [{ code: codehash, size: 512n * KIB, bid: 1000n }]);
    assert.equal(await node.public.getBalance({ address: CACHE.address }), 1000n);

    assert.deepEqual(await bidError(p, 1n), ["AlreadyCached", codehash]);
    const unactivated = await program(2n, false);
    assert.deepEqual(await bidError(unactivated, 0n), ["ProgramNotActivated"]);
    // Only the manager may cache: anyone else burns all the gas given.
    const data = encodeFunctionData({ abi: ARB_WASM_CACHE_ABI, functionName: "cacheProgram", args: [unactivated] });
    const hash = await node.wallet.sendTransaction({ to: ARB_WASM_CACHE, data, gas: 100_000n });
    const burnt = await node.public.waitForTransactionReceipt({ hash });
    assert.deepEqual([burnt.status, burnt.gasUsed], ["reverted", 100_000n]);
    assert.equal(await isCached(unactivated), false);
  });

  test("a shrunk cache evicts the lowest bids first and refuses smaller bids", needsMock, async () => {
    // The previous test left one program with a bid of 1000; two more, bidding 10 and 20.
    const [a, b, c] = [await program(10n), await program(11n), await program(12n)];
    await send({ to: CACHE.address, data: bidData(a), value: 10n });
    await send({ to: CACHE.address, data: bidData(b), value: 20n });
    assert.equal(await read("queueSize"), 1536n * KIB);
    try {
      // Room for three: a fourth must outbid the lowest, 10.
      await setSlot(0, 1536n * KIB);
      assert.equal(await read("cacheSize"), 1536n * KIB);
      assert.equal(await read("getMinBid", [c]), 10n);
      assert.deepEqual(await bidError(c, 9n), ["BidTooSmall", 9n, 10n]);
      const receipt = await send({ to: CACHE.address, data: bidData(c), value: 10n });
      const deleted = receipt.logs
        .filter((l) => l.address.toLowerCase() === CACHE.address.toLowerCase())
        .map((l) => decodeEventLog({ abi: CACHE.abi, ...l }))
        .filter((e) => e.eventName === "DeleteBid");
      const codehash = keccak256(await node.public.getCode({ address: a }));
      assert.deepEqual(deleted.map((e) => e.args), [{ codehash, bid: 10n, size: 512n * KIB }]);
      assert.deepEqual([await isCached(a), await isCached(b), await isCached(c)], [false, true, true]);
      // Room for one: everything must go, the lowest first; the last, highest, is the minimum.
      await setSlot(0, 512n * KIB);
      assert.equal(await read("getMinBid", [1n]), 1000n);
      await setSlot(0, 512n * KIB - 1n);
      assert.deepEqual(await bidError(a, 0n), ["AsmTooLarge", 512n * KIB, 1536n * KIB, 512n * KIB - 1n]);
      await setSlot(1, 1n);
      assert.equal(await read("isPaused"), true);
      assert.deepEqual(await bidError(a, 0n), ["BidsArePaused"]);
    } finally {
      await setSlot(0, 0n);
      await setSlot(1, 0n);
    }
  });
});
