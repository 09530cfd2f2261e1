// The EIP-712 tally attestation the oracles sign, and its domain, exactly as
// types/src/eip712.rs defines them:
//
//   EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
//     name "LstRegistry", version "1", chainId, verifyingContract = the registry
//   TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,
//     bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,
//     uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)
import { hashTypedData, type Address, type Hex, type TypedDataDomain } from "viem";

/** The domain's name. */
export const DOMAIN_NAME = "LstRegistry";
/** The domain's version. */
export const DOMAIN_VERSION = "1";

/** The EIP-712 types of a tally, for viem's `signTypedData` / `hashTypedData`. */
export const tallyTypes = {
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
} as const;

/** The EIP-712 type string of `TallyAttestation` (`TALLY_TYPE` in types/src/eip712.rs). */
export const TALLY_TYPE = `TallyAttestation(${tallyTypes.TallyAttestation.map(
  (f) => `${f.type} ${f.name}`,
).join(",")})`;

/** The order of the secp256k1 group. */
export const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** Half the order: the largest `s` the registry accepts (EIP-2). */
export const HALF_ORDER = SECP256K1_ORDER >> 1n;
/** Bytes of one signature: `r ‖ s ‖ v`. */
export const SIGNATURE_LEN = 65;

/** What the oracles sign for an application's Snapshot result. */
export interface TallyAttestation {
  /** The application's round. */
  round: bigint;
  applicationId: bigint;
  applicant: Address;
  stakingContract: Address;
  contentHash: Hex;
  snapshotSpace: string;
  snapshotProposal: Hex;
  /** For weight, in wei. */
  forVotes: bigint;
  /** Against weight, in wei. */
  againstVotes: bigint;
  /** Abstain weight, in wei. */
  abstainVotes: bigint;
  /** Distinct voting addresses. */
  voters: number;
  /** The oracle epoch in force (`oracleSet().epoch`). */
  oracleEpoch: number;
}

/** Where a tally is signed: the chain and the registry. */
export interface TallyDomain {
  chainId: number;
  registry: Address;
}

/** The registry's EIP-712 domain on `chainId` at `registry`. */
export function tallyDomain({ chainId, registry }: TallyDomain) {
  return {
    name: DOMAIN_NAME,
    version: DOMAIN_VERSION,
    chainId,
    verifyingContract: registry,
  } as const satisfies TypedDataDomain;
}

/** The complete typed data of `tally`, as `signTypedData` and `hashTypedData` take it. */
export function tallyTypedData(domain: TallyDomain, tally: TallyAttestation) {
  return {
    domain: tallyDomain(domain),
    types: tallyTypes,
    primaryType: "TallyAttestation",
    message: tally,
  } as const;
}

/** The digest the oracles sign: equal to the registry's `tallyDigest(...)` view. */
export function hashTally(domain: TallyDomain, tally: TallyAttestation): Hex {
  return hashTypedData(tallyTypedData(domain, tally));
}
