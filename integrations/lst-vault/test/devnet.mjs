// A lst-devnet for a test file (started by lst-devnet/js/spawn.mjs, as every JavaScript suite
// of the repository starts it), viem clients on it, the compiled contracts of
// out/lst-vault.json, and the helpers the tests share: deploying, sending, and checking that a
// refused call reverts with exactly the expected custom error and changes nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeErrorResult,
  getAddress,
  http,
  keccak256,
  numberToHex,
  parseEther,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { spawnDevnet } from "../../../lst-devnet/js/spawn.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");

/** The registry's interface, as committed in abi/. */
export const REGISTRY_ABI = JSON.parse(readFileSync(join(root, "abi", "ILstRegistry.json"), "utf8"));

/** The compiled contracts, as committed (`npm test` checks them against the sources first). */
const BUILT = JSON.parse(readFileSync(join(here, "..", "out", "lst-vault.json"), "utf8"));

/** `name` from out/lst-vault.json: { abi, bytecode, deployedBytecode }. */
export function artifact(name) {
  const found = BUILT.contracts.find((c) => c.name === name);
  if (!found) throw new Error(`no contract ${name} in out/lst-vault.json`);
  return found;
}

export const TOKEN = artifact("MetisToken");
export const VAULT = artifact("LstVault");

const errorsOf = (abi) => abi.filter((item) => item.type === "error");

/**
 * The vault's ABI with every custom error a call to it can end with besides its own: the
 * token's (bubbled from `transferFrom`) and the registry's (bubbled from `reportStake` and the
 * views). A dapp decodes the vault's reverts with this ABI.
 */
export const VAULT_CALLS_ABI = [...VAULT.abi, ...errorsOf(TOKEN.abi), ...errorsOf(REGISTRY_ABI)];

/** One METIS (18 decimals) times `n`, in wei. */
export const metis = (n) => parseEther(String(n));

/** A private key of its own for a test role (a PUBLIC test key: never use it elsewhere). */
export const roleKey = (role) => keccak256(toHex(`lst-vault test: ${role}`));

/** The "(i) address key" lines the node prints after `heading`, as private keys by index. */
function printedKeys(output, heading) {
  const start = output.indexOf(heading);
  if (start < 0) throw new Error(`lst-devnet printed no "${heading}"`);
  const keys = [];
  for (const line of output.slice(start).split("\n")) {
    const found = line.match(/^\((\d+)\)\s+(0x[0-9a-fA-F]{40})\s+(0x[0-9a-fA-F]{64})/);
    if (!found) {
      if (keys.length > 0) break; // the end of the list
      continue; // the heading's lines
    }
    const key = found[3];
    assert.equal(privateKeyToAccount(key).address, found[2], "the printed key is the printed account's");
    keys[Number(found[1])] = key;
  }
  if (keys.length === 0) throw new Error(`no keys after "${heading}"`);
  return keys;
}

/**
 * Starts `lst-devnet ...args` (by default `--seed`) and gives viem clients on it: `client`
 * (public), `wallet(key)`, the development keys it printed (`devKeys[i]`, account 0 the
 * registry's admin) and, when seeded, the oracle keys it printed.
 */
export async function startDevnet(args = ["--seed"]) {
  const node = await spawnDevnet(args);
  try {
    const transport = http(node.url);
    const probe = createPublicClient({ transport });
    const chain = defineChain({
      id: await probe.getChainId(),
      name: "lst-devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [node.url] } },
    });
    const client = createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 });
    const devKeys = printedKeys(node.output, "Development accounts");
    const oracleKeys = args.includes("--seed") ? printedKeys(node.output, "Oracle signers") : [];
    return {
      ...node,
      registry: getAddress(node.registry),
      chain,
      client,
      devKeys,
      oracleKeys,
      wallet: (key) => createWalletClient({ chain, transport, account: privateKeyToAccount(key), cacheTime: 0 }),
      /** Gives `address` 100 ETH for gas (anvil_setBalance). */
      fund: (address) => client.request({ method: "anvil_setBalance", params: [address, numberToHex(parseEther("100"))] }),
    };
  } catch (error) {
    node.stop();
    throw error;
  }
}

/** Deploys `artifact` from `wallet` with `args`; resolves to its address (checksummed). */
export async function deploy(devnet, wallet, { abi, bytecode }, args = []) {
  const hash = await wallet.deployContract({ abi, bytecode, args });
  const receipt = await devnet.client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", "deployed");
  return getAddress(receipt.contractAddress);
}

/** Sends a transaction (gas estimated by the node) and resolves to its successful receipt. */
export async function send(devnet, wallet, { address, abi, functionName, args = [] }) {
  const hash = await wallet.writeContract({ address, abi, functionName, args });
  const receipt = await devnet.client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} succeeded`);
  return receipt;
}

/** The custom error viem decodes from `error` (a rejected simulation), as { errorName, args }. */
export function decodedRevert(error) {
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  assert.ok(revert?.data, `a decoded custom error, not: ${error.shortMessage ?? error.message}`);
  return { errorName: revert.data.errorName, args: revert.data.args };
}

/**
 * Checks that `call` from `wallet` is refused with `errorName(...args)` and changes nothing:
 * simulated, viem decodes that error with `abi` and its arguments; then sent for real with a
 * fixed gas limit, it is mined reverted, its revert data is exactly that error's encoding
 * (read from the call trace), and `state()` reads the same after as before.
 * Resolves to the mined transaction's call trace (geth's callTracer).
 */
export async function assertRefused(devnet, wallet, call, { errorName, args }, state) {
  const { address, abi, functionName, args: callArgs = [] } = call;
  const before = await state();
  await assert.rejects(
    devnet.client.simulateContract({ address, abi, functionName, args: callArgs, account: wallet.account }),
    (error) => {
      assert.deepEqual(decodedRevert(error), { errorName, args }, `${functionName}: the error viem decodes`);
      return true;
    },
  );
  const hash = await wallet.writeContract({ address, abi, functionName, args: callArgs, gas: 3_000_000n });
  const receipt = await devnet.client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "reverted", `${functionName} mined reverted`);
  assert.equal(receipt.logs.length, 0, "a reverted transaction logs nothing");
  const trace = await devnet.client.request({
    method: "debug_traceTransaction",
    params: [hash, { tracer: "callTracer" }],
  });
  assert.equal(trace.output, encodeErrorResult({ abi, errorName, args }), `${functionName}: the revert data`);
  assert.deepEqual(await state(), before, `${functionName}: nothing changed`);
  return trace;
}

/** The frames of a call trace, depth first. */
export function frames(trace) {
  return [trace, ...(trace.calls ?? []).flatMap(frames)];
}
