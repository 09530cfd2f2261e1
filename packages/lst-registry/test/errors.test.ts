// Every custom error of the ABI has a sentence; real reverts on the devnet read as one.
import { BaseError, encodeErrorResult, parseAbi, type AbiParameter } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  METIS, decodeRegistryError, describeRegistryError, formatRegistryError, lstRegistryAbi, registryErrorMessages,
  type RegistryErrorName,
} from "../src/index.js";
import { DEV_KEYS, devAccount, startDevnet, type Devnet } from "./devnet.js";

const errors = lstRegistryAbi.filter((item) => item.type === "error");

/** A plausible value of an ABI type, for the table's sentences. */
function sample(parameter: AbiParameter): unknown {
  const { type } = parameter;
  if (type === "address") return devAccount(9).address;
  if (type === "bytes4") return "0x12345678";
  if (type === "bytes32") return `0x${"ab".repeat(32)}`;
  if (type === "bool") return true;
  const bits = Number(type.replace(/^uint/, ""));
  return bits > 48 ? 2n : 2;
}

describe("the table of sentences", () => {
  test("has exactly one entry per custom error of the ABI", () => {
    expect(Object.keys(registryErrorMessages).sort()).toEqual(errors.map((e) => e.name).sort());
    expect(errors.length).toBe(56);
  });

  test.each(errors.map((e) => [e.name, e] as const))("%s reads as a sentence with its values", (name, error) => {
    const args = error.inputs.map(sample);
    const message = formatRegistryError(name as RegistryErrorName, args);
    expect(message).toMatch(/^[A-Z0-9"'`]|^0x/);
    expect(message).toMatch(/\.$/);
    expect(message).not.toMatch(/undefined|NaN|\[object/);
    for (const arg of args) {
      // Addresses, selectors and hashes appear as given.
      if (typeof arg === "string") expect(message).toContain(arg);
    }
    // The same sentence from the revert data alone.
    const data = encodeErrorResult({ abi: lstRegistryAbi, errorName: name, args } as never);
    expect(decodeRegistryError(data)).toEqual({ errorName: name, args, message });
  });

  test("codes in errors are named", () => {
    expect(formatRegistryError("RegistryInvalidLength", [5, 70n, 1n, 64n])).toBe(
      "The name (field 5) is 70 bytes long; it must be 1 to 64 bytes.",
    );
    expect(formatRegistryError("RegistryWrongRoundStatus", [2n, 1, 2])).toBe(
      "Round 2 is Open (1); this needs it Closed (2).",
    );
    expect(formatRegistryError("RegistryStakeAboveCap", [1n, 60_000n * 10n ** 18n, 50_000n * 10n ** 18n])).toBe(
      "A stake of 60000 METIS is above node 1's stake cap of 50000 METIS.",
    );
    expect(formatRegistryError("RegistryNodeLimitReached", [0, 4])).toBe(
      "Phase Alpha (0) allows 4 nodes, and that many are registered.",
    );
  });

  test("no code at address zero reads as a registry whose constructor has not run", () => {
    expect(formatRegistryError("RegistryNoCode", [`0x${"0".repeat(40)}`])).toBe(
      "The registry's constructor has not run: it has no views or admin program to serve this function.",
    );
    expect(formatRegistryError("RegistryNoCode", [devAccount(9).address])).toMatch(/holds no code: deploy it first/);
  });

  test("something that is not a registry error keeps viem's message", () => {
    expect(describeRegistryError(new BaseError("the node is down"))).toBe("the node is down");
    expect(describeRegistryError(new Error("boom"))).toBe("boom");
    expect(describeRegistryError({ code: -32000, message: "nonce too low" })).toBe("nonce too low");
    expect(decodeRegistryError("0xdeadbeef")).toBeUndefined();
  });
});

describe("reverts on the devnet", () => {
  let devnet: Devnet;
  beforeAll(async () => {
    devnet = await startDevnet();
  });
  afterAll(() => devnet?.stop());
  const stranger = devAccount(9);

  test("a non-admin opening a round", async () => {
    const error = await devnet.client
      .simulateContract({
        address: devnet.registry, abi: lstRegistryAbi, functionName: "openRound", args: [2, 9_999_999_999n],
        account: stranger,
      })
      .catch((e: unknown) => e);
    expect(describeRegistryError(error)).toBe(`Only the admin may do this; ${stranger.address} is not the admin.`);
    expect(decodeRegistryError(error)).toMatchObject({ errorName: "RegistryNotAdmin", args: [stranger.address] });
  });

  test("a write whose gas estimate reverts, made with an ABI that lists no errors", async () => {
    const bare = parseAbi(["function setStakeCap(uint64 nodeId, uint256 stakeCap)"]);
    const operator = devnet.wallet(DEV_KEYS[1]!);
    const error = await operator
      .writeContract({ address: devnet.registry, abi: bare, functionName: "setStakeCap", args: [1n, 10_000n * 10n ** 18n] })
      .catch((e: unknown) => e);
    expect(describeRegistryError(error)).toBe(
      "The stake cap 10000 METIS is outside the bounds in force, 20000 METIS to 100000 METIS.",
    );
    // A staker (account 7) reporting a stake itself: only application 1's staking contract,
    // its vault, may.
    const vault = (await devnet.reader.application(1)).stakingContract;
    const staker = devnet.wallet(DEV_KEYS[7]!);
    const report = parseAbi(["function reportStake(uint64 pairingId, uint256 stake)"]);
    const direct = await staker
      .writeContract({ address: devnet.registry, abi: report, functionName: "reportStake", args: [1n, 60_000n * METIS] })
      .catch((e: unknown) => e);
    expect(describeRegistryError(direct)).toBe(
      `Only the staking contract ${vault} of the application paired with node 1 may report its stake, not ${devAccount(7).address}.`,
    );
    // Through the vault, a deposit taking pairing 1's stake from 12,500 to 60,000 METIS, past its
    // 50,000 METIS cap: the vault lets the registry's revert through, byte for byte.
    const vaultAbi = parseAbi([
      "function metis() view returns (address)",
      "function deposit(uint64 nodeId, uint256 amount) returns (uint256)",
    ]);
    const token = await devnet.client.readContract({ address: vault, abi: vaultAbi, functionName: "metis" });
    const approve = parseAbi(["function approve(address spender, uint256 value) returns (bool)"]);
    const approval = await staker.writeContract({
      address: token, abi: approve, functionName: "approve", args: [vault, 47_500n * METIS],
    });
    expect((await devnet.client.waitForTransactionReceipt({ hash: approval })).status).toBe("success");
    const above = await staker
      .writeContract({ address: vault, abi: vaultAbi, functionName: "deposit", args: [1n, 47_500n * METIS] })
      .catch((e: unknown) => e);
    expect(describeRegistryError(above)).toBe("A stake of 60000 METIS is above node 1's stake cap of 50000 METIS.");
  });

  test("a view of an unknown record", async () => {
    const error = await devnet.reader.pairing(42).catch((e: unknown) => e);
    expect(describeRegistryError(error)).toBe("There is no pairing 42.");
    const round = await devnet.reader.round(7).catch((e: unknown) => e);
    expect(describeRegistryError(round)).toBe("There is no round 7.");
  });
});
