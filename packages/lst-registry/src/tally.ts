// Tally signing and verification for oracles and relayers, on viem's signTypedData.
//
// A submission to `attestTally` is the concatenation of 65-byte `r ‖ s ‖ v` signatures, `v` 27
// or 28, `s` at most half the curve order (EIP-2), sorted by signer address, strictly
// ascending. `checkTallySignatures` walks them in the registry's order (src/attestation.rs) and
// names the custom error the registry would revert with.
import {
  concatHex,
  hexToBigInt,
  numberToHex,
  recoverAddress,
  size,
  sliceHex,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type Transport,
  type WalletClient,
} from "viem";
import { HALF_ORDER, SECP256K1_ORDER, SIGNATURE_LEN, hashTally, tallyTypedData, type TallyAttestation, type TallyDomain } from "./eip712.js";
import { formatRegistryError, type RegistryErrorName } from "./errors.js";
import type { RegistryReader } from "./reader.js";

/** Who signs: a local account (`privateKeyToAccount`) or a wallet client with an account. */
export type TallySigner = LocalAccount | WalletClient<Transport, Chain | undefined, Account>;

/** The votes of a tally, as `tallyDigest` and `attestTally` take them. */
export interface TallyVotes {
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  voters: number;
}

/**
 * Signs `tally` under the registry's domain. The signature is returned in the form the
 * registry accepts: 65 bytes `r ‖ s ‖ v`, `v` 27 or 28, low `s` (a high-`s` answer of a
 * wallet is turned into its low-`s` twin, which recovers the same signer).
 */
export async function signTally(signer: TallySigner, domain: TallyDomain, tally: TallyAttestation): Promise<Hex> {
  const typedData = tallyTypedData(domain, tally);
  const signature =
    "request" in signer
      ? await signer.signTypedData({ account: signer.account, ...typedData })
      : await signer.signTypedData(typedData);
  return normaliseSignature(signature);
}

/** `signature` as `r ‖ s ‖ v` with `v` 27 or 28 and a low `s`. */
export function normaliseSignature(signature: Hex): Hex {
  if (size(signature) !== SIGNATURE_LEN) throw new Error(`a signature is ${SIGNATURE_LEN} bytes, not ${size(signature)}`);
  const r = sliceHex(signature, 0, 32);
  let s = hexToBigInt(sliceHex(signature, 32, 64));
  const v = Number(hexToBigInt(sliceHex(signature, 64, 65)));
  let parity = v >= 27 ? v - 27 : v;
  if (parity !== 0 && parity !== 1) throw new Error(`a signature's v is 0, 1, 27 or 28, not ${v}`);
  if (s > HALF_ORDER) {
    s = SECP256K1_ORDER - s;
    parity ^= 1;
  }
  return concatHex([r, numberToHex(s, { size: 32 }), numberToHex(27 + parity, { size: 1 })]);
}

/** The oracle set a submission is checked against. */
export interface OracleSetLike {
  signers: readonly Address[];
  threshold: number;
}

/** The outcome of a check: the signers recovered, or the error the registry would give. */
export type TallyCheck =
  | { valid: true; signers: Address[] }
  | { valid: false; signers: Address[]; errorName: RegistryErrorName | "StaleOracleEpoch"; args: readonly unknown[]; message: string };

const key = (address: Address): string => address.toLowerCase();

function failure(signers: Address[], errorName: RegistryErrorName, args: readonly unknown[]): TallyCheck {
  return { valid: false, signers, errorName, args, message: formatRegistryError(errorName, args) };
}

/**
 * Checks a submission as `attestTally` does, off chain: whole 65-byte signatures, a count
 * from the threshold to the set's size, and for each signature in order low `s`, `v` 27/28
 * and non-zero `r`/`s`, a recovered signer above the previous one and in the set.
 */
export async function checkTallySignatures(args: {
  domain: TallyDomain;
  tally: TallyAttestation;
  signatures: Hex | readonly Hex[];
  oracleSet: OracleSetLike;
}): Promise<TallyCheck> {
  const bundle = typeof args.signatures === "string" ? args.signatures : concatHex([...args.signatures]);
  const length = size(bundle);
  const signers: Address[] = [];
  if (length % SIGNATURE_LEN !== 0) return failure(signers, "RegistryMalformedSignatures", [BigInt(length)]);
  const count = length / SIGNATURE_LEN;
  const { threshold } = args.oracleSet;
  const setSize = args.oracleSet.signers.length;
  if (setSize === 0 || count < threshold || count > setSize) {
    return failure(signers, "RegistrySignatureCount", [BigInt(count), threshold, setSize]);
  }
  const members = new Set(args.oracleSet.signers.map(key));
  const hash = hashTally(args.domain, args.tally);
  let previous = "0x" + "00".repeat(20);
  for (let index = 0; index < count; index++) {
    const signature = sliceHex(bundle, index * SIGNATURE_LEN, (index + 1) * SIGNATURE_LEN);
    const r = hexToBigInt(sliceHex(signature, 0, 32));
    const s = hexToBigInt(sliceHex(signature, 32, 64));
    const v = Number(hexToBigInt(sliceHex(signature, 64, 65)));
    const i = BigInt(index);
    if (s > HALF_ORDER) return failure(signers, "RegistrySignatureHighS", [i]);
    if ((v !== 27 && v !== 28) || s === 0n || r === 0n) return failure(signers, "RegistryInvalidSignature", [i]);
    let signer: Address;
    try {
      signer = await recoverAddress({ hash, signature });
    } catch {
      return failure(signers, "RegistryInvalidSignature", [i]);
    }
    if (key(signer) <= previous) return failure(signers, "RegistrySignersNotSorted", [i, signer]);
    previous = key(signer);
    if (!members.has(key(signer))) return failure(signers, "RegistryUnknownSigner", [i, signer]);
    signers.push(signer);
  }
  return { valid: true, signers };
}

/**
 * Checks a submission against the registry itself: its chain id, its address and the
 * oracle set in force. A tally signed under another epoch than the one in force fails with
 * `StaleOracleEpoch` (on chain its signers would recover as unknown).
 */
export async function verifyTally(reader: RegistryReader, tally: TallyAttestation, signatures: Hex | readonly Hex[]): Promise<TallyCheck> {
  const [chainId, oracleSet] = await Promise.all([reader.chainId(), reader.oracleSet()]);
  if (tally.oracleEpoch !== oracleSet.epoch) {
    return {
      valid: false,
      signers: [],
      errorName: "StaleOracleEpoch",
      args: [tally.oracleEpoch, oracleSet.epoch],
      message: `The tally is signed under oracle epoch ${tally.oracleEpoch}, but epoch ${oracleSet.epoch} is in force.`,
    };
  }
  return checkTallySignatures({ domain: { chainId, registry: reader.address }, tally, signatures, oracleSet });
}

/**
 * Several oracles' signatures of one tally as one submission: each recovered, sorted by
 * signer, concatenated. Throws on a signature that does not recover or two by one signer.
 */
export async function combineTallySignatures(domain: TallyDomain, tally: TallyAttestation, signatures: readonly Hex[]): Promise<Hex> {
  const hash = hashTally(domain, tally);
  const recovered = await Promise.all(
    signatures.map(async (signature) => {
      const normalised = normaliseSignature(signature);
      return { signer: key(await recoverAddress({ hash, signature: normalised })), signature: normalised };
    }),
  );
  recovered.sort((a, b) => (a.signer < b.signer ? -1 : a.signer > b.signer ? 1 : 0));
  for (let i = 1; i < recovered.length; i++) {
    if (recovered[i]!.signer === recovered[i - 1]!.signer) throw new Error(`two signatures by ${recovered[i]!.signer}`);
  }
  return concatHex(recovered.map((r) => r.signature));
}

/**
 * The tally of an application as the oracles sign it: the application's round, applicant,
 * staking contract, content hash, Snapshot space and proposal, the votes, and the oracle
 * epoch in force, all read from the registry.
 */
export async function buildTally(reader: RegistryReader, applicationId: number | bigint, votes: TallyVotes): Promise<TallyAttestation> {
  const [application, oracleSet] = await Promise.all([reader.application(applicationId), reader.oracleSet()]);
  return {
    round: application.roundId,
    applicationId: BigInt(applicationId),
    applicant: application.applicant,
    stakingContract: application.stakingContract,
    contentHash: application.contentHash,
    snapshotSpace: application.snapshotSpace,
    snapshotProposal: application.snapshotProposal,
    ...votes,
    oracleEpoch: oracleSet.epoch,
  };
}

/** The arguments of `attestTally` for `tally` and a combined submission. */
export function attestTallyArgs(tally: TallyAttestation, signatures: Hex) {
  return [tally.applicationId, tally.forVotes, tally.againstVotes, tally.abstainVotes, tally.voters, signatures] as const;
}
