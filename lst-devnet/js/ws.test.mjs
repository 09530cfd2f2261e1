// lst-devnet's websocket (same port as HTTP) driven by viem's webSocket transport: requests,
// and watchBlocks / watchContractEvent fed by eth_subscribe notifications, not by polling.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createPublicClient, decodeEventLog, webSocket } from "viem";
import { ABI, startNode } from "./node.mjs";

let node;
let client;
before(async () => {
  node = await startNode();
  client = createPublicClient({
    chain: node.chain,
    transport: webSocket(node.wsUrl, { reconnect: false, keepAlive: false }),
  });
});
after(async () => {
  if (client) (await client.transport.getRpcClient()).close();
  node?.stop();
});

/** Resolves with the value `check` returns once it is truthy, checking every 50 ms. */
async function eventually(check, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const setDelay = (days) =>
  node.admin.writeContract({
    address: node.registry,
    abi: ABI,
    functionName: "setOracleSetDelay",
    args: [days * 86_400],
  });

test("requests go over the websocket", async () => {
  assert.equal(client.transport.type, "webSocket");
  assert.equal(await client.getChainId(), 412_346);
  const viaWs = await client.getBlock();
  const viaHttp = await node.public.getBlock({ blockNumber: viaWs.number });
  assert.equal(viaWs.hash, viaHttp.hash);
  assert.equal(await client.readContract({ address: node.registry, abi: ABI, functionName: "admin" }), node.admin.account.address);
});

test("transport.subscribe: newHeads and logs arrive as eth_subscription notifications", async () => {
  const heads = [];
  const logs = [];
  const errors = [];
  const onError = (e) => errors.push(e);
  const headsSub = await client.transport.subscribe({
    params: ["newHeads"],
    onData: (data) => heads.push(data.result),
    onError,
  });
  const logsSub = await client.transport.subscribe({
    params: ["logs", { address: node.registry }],
    onData: (data) => logs.push(data.result),
    onError,
  });
  assert.match(headsSub.subscriptionId, /^0x[0-9a-f]+$/);
  // Subscribed: what happens from now on is announced.
  const hash = await setDelay(4);
  const receipt = await node.public.waitForTransactionReceipt({ hash });
  await eventually(() => heads.length >= 1 && logs.length >= 1, "the notifications");
  assert.equal(BigInt(heads[0].number), receipt.blockNumber);
  assert.equal(heads[0].hash, receipt.blockHash);
  assert.equal(heads[0].transactions, undefined);
  assert.equal(logs.length, 1);
  assert.equal(logs[0].transactionHash, hash);
  const event = decodeEventLog({ abi: ABI, data: logs[0].data, topics: logs[0].topics });
  assert.equal(event.eventName, "OracleSetDelayChanged");
  assert.equal(event.args.delay, 4 * 86_400);
  assert.equal(await headsSub.unsubscribe().then((r) => r.result), true);
  assert.equal(await logsSub.unsubscribe().then((r) => r.result), true);
  // Unsubscribed: nothing more.
  await node.public.request({ method: "evm_mine", params: [] });
  await client.getChainId();
  assert.equal(heads.length, 1);
  assert.deepEqual(errors, []);
});

test("watchBlocks and watchContractEvent are fed by subscriptions (poll: false)", async () => {
  const blocks = [];
  const events = [];
  const errors = [];
  const unwatchBlocks = client.watchBlocks({
    poll: false,
    onBlock: (block) => blocks.push(block),
    onError: (e) => errors.push(e),
  });
  const unwatchEvents = client.watchContractEvent({
    poll: false,
    address: node.registry,
    abi: ABI,
    eventName: "OracleSetDelayChanged",
    onLogs: (logs) => events.push(...logs),
    onError: (e) => errors.push(e),
  });
  try {
    // viem subscribes in the background: send until both watchers have heard something.
    const sent = [];
    for (let i = 0; (events.length === 0 || blocks.length === 0) && i < 50; i += 1) {
      sent.push(await setDelay(10 + i));
      await new Promise((r) => setTimeout(r, 100));
    }
    await eventually(() => events.length > 0 && blocks.length > 0, "the watchers");
    // Everything sent has been announced before the blocks below are mined.
    const { blockNumber } = await node.public.waitForTransactionReceipt({ hash: sent.at(-1) });
    await eventually(() => blocks.at(-1).number >= blockNumber, "the last transaction's block");
    assert.ok(sent.includes(events[0].transactionHash));
    assert.equal(events[0].eventName, "OracleSetDelayChanged");
    // A block announced by the subscription is the chain's block.
    const block = blocks.at(-1);
    const same = await node.public.getBlock({ blockNumber: block.number });
    assert.equal(block.hash, same.hash);
    // Each later block is announced once, in order.
    const from = blocks.length;
    const last = blocks.at(-1).number;
    await node.public.request({ method: "anvil_mine", params: ["0x3"] });
    await eventually(() => blocks.length >= from + 3, "three more blocks");
    assert.deepEqual(
      blocks.slice(from).map((b) => b.number),
      [last + 1n, last + 2n, last + 3n],
    );
    assert.deepEqual(errors, []);
  } finally {
    unwatchBlocks();
    unwatchEvents();
  }
});
