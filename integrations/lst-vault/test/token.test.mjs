// MetisToken, the METIS stand-in, on an unseeded lst-devnet: metadata, minting by the
// deployer only, transfer, approve/allowance/transferFrom, and each of its custom errors
// (ERC-6093's) decoded by viem, each refused call mined and shown to change nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getAddress, maxUint256, parseEventLogs, zeroAddress } from "viem";
import { TOKEN, assertRefused, deploy, metis, roleKey, send, startDevnet } from "./devnet.mjs";

let devnet;
let token;
let deployer;
let alice;
let bob;
let spender;

const read = (functionName, args = []) =>
  devnet.client.readContract({ address: token, abi: TOKEN.abi, functionName, args });
const call = (functionName, args) => ({ address: token, abi: TOKEN.abi, functionName, args });
const events = (receipt, eventName) => parseEventLogs({ abi: TOKEN.abi, logs: receipt.logs, eventName });

/** Everything the token holds for the accounts of these tests. */
async function state() {
  const accounts = [deployer, alice, bob, spender].map((w) => w.account.address);
  const balances = await Promise.all(accounts.map((a) => read("balanceOf", [a])));
  const allowances = await Promise.all(
    accounts.flatMap((owner) => accounts.map((s) => read("allowance", [owner, s]))),
  );
  return { totalSupply: await read("totalSupply"), balances, allowances };
}

before(async () => {
  devnet = await startDevnet([]);
  deployer = devnet.wallet(devnet.devKeys[0]);
  [alice, bob, spender] = ["alice", "bob", "spender"].map((role) => devnet.wallet(roleKey(role)));
  for (const w of [alice, bob, spender]) await devnet.fund(w.account.address);
  token = await deploy(devnet, deployer, TOKEN);
});
after(() => devnet?.stop());

test("METIS: name, symbol, 18 decimals; only the deployer mints, never to the zero address", async () => {
  assert.equal(await read("name"), "Metis Token");
  assert.equal(await read("symbol"), "METIS");
  assert.equal(await read("decimals"), 18);
  assert.equal(await read("totalSupply"), 0n);
  assert.equal(await read("minter"), deployer.account.address);

  const receipt = await send(devnet, deployer, call("mint", [alice.account.address, metis(1_000)]));
  const [transfer] = events(receipt, "Transfer");
  assert.deepEqual(transfer.args, { from: zeroAddress, to: alice.account.address, value: metis(1_000) });
  assert.equal(await read("balanceOf", [alice.account.address]), metis(1_000));
  assert.equal(await read("totalSupply"), metis(1_000));

  await assertRefused(
    devnet,
    alice,
    call("mint", [alice.account.address, 1n]),
    { errorName: "MetisNotMinter", args: [alice.account.address] },
    state,
  );
  await assertRefused(
    devnet,
    deployer,
    call("mint", [zeroAddress, 1n]),
    { errorName: "ERC20InvalidReceiver", args: [zeroAddress] },
    state,
  );
});

test("transfer moves METIS and emits Transfer; more than the balance is ERC20InsufficientBalance", async () => {
  const receipt = await send(devnet, alice, call("transfer", [bob.account.address, metis(250)]));
  const [transfer] = events(receipt, "Transfer");
  assert.deepEqual(transfer.args, { from: alice.account.address, to: bob.account.address, value: metis(250) });
  assert.equal(await read("balanceOf", [alice.account.address]), metis(750));
  assert.equal(await read("balanceOf", [bob.account.address]), metis(250));
  assert.equal(await read("totalSupply"), metis(1_000), "a transfer mints nothing");

  await assertRefused(
    devnet,
    bob,
    call("transfer", [alice.account.address, metis(250) + 1n]),
    { errorName: "ERC20InsufficientBalance", args: [bob.account.address, metis(250), metis(250) + 1n] },
    state,
  );
  await assertRefused(
    devnet,
    bob,
    call("transfer", [zeroAddress, 1n]),
    { errorName: "ERC20InvalidReceiver", args: [zeroAddress] },
    state,
  );
  // All of a balance may move, and a transfer of zero is a transfer.
  await send(devnet, bob, call("transfer", [alice.account.address, metis(250)]));
  await send(devnet, bob, call("transfer", [alice.account.address, 0n]));
  assert.equal(await read("balanceOf", [bob.account.address]), 0n);
  assert.equal(await read("balanceOf", [alice.account.address]), metis(1_000));
});

test("approve sets the allowance; transferFrom spends it, and refuses more than the allowance or the balance", async () => {
  const [owner, who] = [alice.account.address, spender.account.address];
  const approved = await send(devnet, alice, call("approve", [who, metis(300)]));
  assert.deepEqual(events(approved, "Approval")[0].args, { owner, spender: who, value: metis(300) });
  assert.equal(await read("allowance", [owner, who]), metis(300));

  await assertRefused(
    devnet,
    spender,
    call("transferFrom", [owner, bob.account.address, metis(300) + 1n]),
    { errorName: "ERC20InsufficientAllowance", args: [who, metis(300), metis(300) + 1n] },
    state,
  );
  // Without an allowance, the allowance is what fails, even for more than the balance.
  await assertRefused(
    devnet,
    bob,
    call("transferFrom", [owner, bob.account.address, metis(1_000_000)]),
    { errorName: "ERC20InsufficientAllowance", args: [getAddress(bob.account.address), 0n, metis(1_000_000)] },
    state,
  );

  const spent = await send(devnet, spender, call("transferFrom", [owner, bob.account.address, metis(100)]));
  assert.deepEqual(events(spent, "Approval")[0].args, { owner, spender: who, value: metis(200) });
  assert.deepEqual(events(spent, "Transfer")[0].args, { from: owner, to: bob.account.address, value: metis(100) });
  assert.equal(await read("allowance", [owner, who]), metis(200));
  assert.equal(await read("balanceOf", [owner]), metis(900));
  assert.equal(await read("balanceOf", [bob.account.address]), metis(100));

  // Approving replaces the allowance (not a delta); an allowance above the balance does not
  // make the balance larger.
  await send(devnet, alice, call("approve", [who, metis(5_000)]));
  assert.equal(await read("allowance", [owner, who]), metis(5_000));
  await assertRefused(
    devnet,
    spender,
    call("transferFrom", [owner, bob.account.address, metis(900) + 1n]),
    { errorName: "ERC20InsufficientBalance", args: [owner, metis(900), metis(900) + 1n] },
    state,
  );
  await assertRefused(
    devnet,
    alice,
    call("approve", [zeroAddress, 1n]),
    { errorName: "ERC20InvalidSpender", args: [zeroAddress] },
    state,
  );
});

test("an infinite allowance (2^256 - 1) is not spent down", async () => {
  const [owner, who] = [alice.account.address, spender.account.address];
  await send(devnet, alice, call("approve", [who, maxUint256]));
  const spent = await send(devnet, spender, call("transferFrom", [owner, who, metis(10)]));
  assert.equal(events(spent, "Approval").length, 0, "no Approval: the allowance did not change");
  assert.equal(await read("allowance", [owner, who]), maxUint256);
  assert.equal(await read("balanceOf", [who]), metis(10));
});
