// The EIP-712 tally on the seeded devnet: viem's digest is the registry's `tallyDigest`, and
// tallies signed with signTally are accepted by `attestTally`; every malformed submission is
// refused off chain (checkTallySignatures) with the custom error the registry reverts with.
import {
  concatHex, encodeAbiParameters, hexToBigInt, keccak256, numberToHex, parseEther, sliceHex, toHex,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  SECP256K1_ORDER, attestTallyArgs, buildTally, checkTallySignatures, combineTallySignatures, decodeRegistryError,
  hashTally, lstRegistryAbi, normaliseSignature, signTally, tallyDomain, verifyTally, type TallyAttestation,
  type TallyDomain,
} from "../src/index.js";
import { DEV_KEYS, ORACLE_KEYS, startDevnet, type Devnet } from "./devnet.js";

let devnet: Devnet;
let domain: TallyDomain;
beforeAll(async () => {
  devnet = await startDevnet();
  domain = { chainId: devnet.chain.id, registry: devnet.registry };
});
afterAll(() => devnet?.stop());

const oracles = ORACLE_KEYS.map((key) => privateKeyToAccount(key));
const votes = { forVotes: parseEther("30000"), againstVotes: parseEther("10"), abstainVotes: 0n, voters: 700 };

/** The high-s twin of a low-s signature: same signer, refused by the registry. */
function highS(signature: Hex): Hex {
  const s = hexToBigInt(sliceHex(signature, 32, 64));
  const v = Number(hexToBigInt(sliceHex(signature, 64, 65)));
  return concatHex([sliceHex(signature, 0, 32), numberToHex(SECP256K1_ORDER - s, { size: 32 }), numberToHex(v === 27 ? 28 : 27, { size: 1 })]);
}

describe("EIP-712 against the registry", () => {
  test("the domain separator is the registry's domainSeparator()", async () => {
    const typeHash = keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
    const d = tallyDomain(domain);
    const ours = keccak256(encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [typeHash, keccak256(toHex(d.name)), keccak256(toHex(d.version)), BigInt(d.chainId), d.verifyingContract],
    ));
    expect(await devnet.reader.domainSeparator()).toBe(ours);
  });

  test.each([1, 2])("hashTypedData of application %i's tally is the registry's tallyDigest", async (id) => {
    const tally = await buildTally(devnet.reader, id, votes);
    expect(tally).toMatchObject({ round: 1n, applicationId: BigInt(id), snapshotSpace: "metislayer2.eth", oracleEpoch: 1 });
    expect(hashTally(domain, tally)).toBe(await devnet.reader.tallyDigest(id, votes));
    // Another count, another digest.
    const other = { ...votes, voters: 701 };
    expect(hashTally(domain, { ...tally, voters: 701 })).toBe(await devnet.reader.tallyDigest(id, other));
    expect(hashTally(domain, { ...tally, voters: 701 })).not.toBe(hashTally(domain, tally));
  });

  test("signTally gives low-s 27/28 signatures; a high-s or 0/1 form normalises back", async () => {
    const tally = await buildTally(devnet.reader, 1, votes);
    const local = await signTally(oracles[0]!, domain, tally);
    const viaWallet = await signTally(devnet.wallet(ORACLE_KEYS[0]!), domain, tally);
    expect(viaWallet).toBe(local);
    expect([27, 28]).toContain(Number(hexToBigInt(sliceHex(local, 64, 65))));
    expect(normaliseSignature(highS(local))).toBe(local);
    const v = Number(hexToBigInt(sliceHex(local, 64, 65)));
    expect(normaliseSignature(concatHex([sliceHex(local, 0, 64), numberToHex(v - 27, { size: 1 })]))).toBe(local);
  });
});

describe("attesting a fresh application", () => {
  let tally: TallyAttestation;
  let sigs: Hex[];

  beforeAll(async () => {
    const admin = devnet.wallet(DEV_KEYS[0]!);
    const applicant = devnet.wallet(DEV_KEYS[9]!);
    const mined = async (hash: Hex) => expect((await devnet.client.waitForTransactionReceipt({ hash })).status).toBe("success");
    const now = (await devnet.client.getBlock()).timestamp;
    const open = await devnet.client.simulateContract({
      address: devnet.registry, abi: lstRegistryAbi, functionName: "openRound", args: [1, now + 86_400n],
      account: admin.account,
    });
    await mined(await admin.writeContract(open.request));
    const submit = await devnet.client.simulateContract({
      address: devnet.registry, abi: lstRegistryAbi, functionName: "submitApplication", account: applicant.account,
      args: [
        "Test LST", "ipfs://test-lst", keccak256(toHex("test lst document")), "metislayer2.eth",
        keccak256(toHex("test lst proposal")), "0x000000000000000000000000000000000000dEaD",
      ],
    });
    expect(submit.result).toBe(3n);
    await mined(await applicant.writeContract(submit.request));
    tally = await buildTally(devnet.reader, 3, votes);
    sigs = await Promise.all(oracles.map((o) => signTally(o, domain, tally)));
  });

  const relay = (signatures: Hex) =>
    devnet.client.simulateContract({
      address: devnet.registry, abi: lstRegistryAbi, functionName: "attestTally",
      args: attestTallyArgs(tally, signatures), account: devnet.wallet(DEV_KEYS[9]!).account,
    });

  test("every malformed submission fails off chain with the registry's own error", async () => {
    const stranger = await signTally(privateKeyToAccount(DEV_KEYS[9]!), domain, tally);
    const sorted = await combineTallySignatures(domain, tally, [sigs[1]!, sigs[0]!]);
    const [first, second] = [sliceHex(sorted, 0, 65), sliceHex(sorted, 65, 130)];
    const cases: [string, Hex, string][] = [
      ["one signature short of the threshold", first, "RegistrySignatureCount"],
      ["a torn signature", sliceHex(sorted, 0, 100), "RegistryMalformedSignatures"],
      ["signers out of order", concatHex([second, first]), "RegistrySignersNotSorted"],
      ["the same signer twice", concatHex([first, first]), "RegistrySignersNotSorted"],
      ["a high s", concatHex([highS(first), second]), "RegistrySignatureHighS"],
      ["a v of 29", concatHex([sliceHex(first, 0, 64), "0x1d", second]), "RegistryInvalidSignature"],
      ["a signer outside the set", await combineTallySignatures(domain, tally, [sigs[0]!, stranger]), "RegistryUnknownSigner"],
    ];
    for (const [what, bundle, errorName] of cases) {
      const check = await checkTallySignatures({ domain, tally, signatures: bundle, oracleSet: await devnet.reader.oracleSet() });
      expect(check.valid, what).toBe(false);
      const onChain = decodeRegistryError(await relay(bundle).catch((e: unknown) => e));
      expect(onChain?.errorName, what).toBe(errorName);
      expect(check.valid ? undefined : [check.errorName, check.args, check.message], what).toEqual([
        onChain!.errorName, onChain!.args, onChain!.message,
      ]);
    }
  });

  test("a tally under another epoch is stale", async () => {
    const stale = { ...tally, oracleEpoch: 2 };
    const bundle = await combineTallySignatures(domain, stale, await Promise.all(oracles.slice(0, 2).map((o) => signTally(o, domain, stale))));
    expect(await verifyTally(devnet.reader, stale, bundle)).toMatchObject({ valid: false, errorName: "StaleOracleEpoch" });
  });

  test("two oracles' signatures, combined, verify and are attested on chain", async () => {
    const bundle = await combineTallySignatures(domain, tally, [sigs[2]!, sigs[0]!]);
    const check = await verifyTally(devnet.reader, tally, bundle);
    const expected = [oracles[0]!.address, oracles[2]!.address].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(check).toEqual({ valid: true, signers: expected });
    // All three verify too (at most the set's size).
    expect((await verifyTally(devnet.reader, tally, await combineTallySignatures(domain, tally, sigs))).valid).toBe(true);
    const { request } = await relay(bundle);
    const hash = await devnet.wallet(DEV_KEYS[9]!).writeContract(request);
    expect((await devnet.client.waitForTransactionReceipt({ hash })).status).toBe("success");
    const app = await devnet.reader.applicationDetails(3);
    expect(app).toMatchObject({ statusName: "Tallied", name: "Test LST" });
    expect(app.tally).toEqual({ ...votes, oracleEpoch: 1, attested: true });
    // Attesting again: the application is no longer Pending.
    const again = decodeRegistryError(await relay(bundle).catch((e: unknown) => e));
    expect(again?.message).toBe("Application 3 is Tallied (3); this needs it Pending (1).");
  });
});
