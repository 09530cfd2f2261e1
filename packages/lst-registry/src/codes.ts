// The interface's uint8 codes (`RoundStatus`, `ApplicationStatus`, `Phase`, `Field` in
// abi/ILstRegistry.sol), named and explained. The arrays mirror types/src/codes.rs, index =
// code; test/codes.test.ts parses that file and fails when the two differ.

/** `RoundStatus` names, by code (`round(...).status`, `RegistryWrongRoundStatus`). */
export const ROUND_STATUS = ["None", "Open", "Closed", "Finalised"] as const;

/** What each `RoundStatus` means, by code (abi/README.md). */
export const ROUND_STATUS_MEANING = [
  "no such round",
  "taking applications until its deadline",
  "no longer taking applications; waiting for tallies and finalisation",
  "every live application has its outcome",
] as const satisfies { length: (typeof ROUND_STATUS)["length"] };

/**
 * `ApplicationStatus` names, by code; also the `status` of `eligibility` (the eligibility
 * reason) and the `reason` of `ApplicationFailed`. Only `Qualified` may be paired with.
 */
export const APPLICATION_STATUS = [
  "None",
  "Pending",
  "Withdrawn",
  "Tallied",
  "Qualified",
  "NotSelected",
  "FailedQuorum",
  "FailedVoters",
  "FailedApproval",
  "NotAttested",
  "Revoked",
] as const;

/** What each `ApplicationStatus` means for pairing, by code. */
export const APPLICATION_STATUS_MEANING = [
  "no such application",
  "waiting for its Snapshot tally to be attested",
  "withdrawn by its applicant",
  "tally attested; waiting for the round to be finalised",
  "qualified: passed the vote rules within the round's slots; nodes may pair with it",
  "passed the vote rules but ranked below the round's slots",
  "failed the quorum (For + Against + Abstain below the quorum)",
  "failed the minimum number of distinct voters",
  "failed the approval threshold (For / (For + Against))",
  "failed: no tally was attested by the round's attestation deadline",
  "revoked by the admin: it never pairs again",
] as const satisfies { length: (typeof APPLICATION_STATUS)["length"] };

/** `Phase` names, by code (`phase()`, `round(...).roundPhase`, `node(...).registeredPhase`). */
export const PHASE = ["Alpha", "Throughput", "MainLaunch", "OpenAccess"] as const;

/**
 * `Field` names, by code: which argument a `RegistryZeroAddress`, `RegistryZeroHash` or
 * `RegistryInvalidLength` is about.
 */
export const FIELD = [
  "admin",
  "guardian",
  "stakingContract",
  "operator",
  "sequencerSigner",
  "name",
  "metadataUri (application)",
  "snapshotSpace",
  "contentHash",
  "snapshotProposal",
  "metadataUri (node)",
  "announcementUri",
  "reason",
  "views (constructor)",
  "adminProgram (constructor)",
] as const;

export type RoundStatusName = (typeof ROUND_STATUS)[number];
export type ApplicationStatusName = (typeof APPLICATION_STATUS)[number];
export type PhaseName = (typeof PHASE)[number];
export type FieldName = (typeof FIELD)[number];

/** The codes by name, e.g. `ApplicationStatus.Qualified === 4`. */
export const RoundStatus = codesOf(ROUND_STATUS);
export const ApplicationStatus = codesOf(APPLICATION_STATUS);
export const Phase = codesOf(PHASE);

function codesOf<const N extends readonly string[]>(names: N): { readonly [K in N[number]]: number } {
  return Object.freeze(Object.fromEntries(names.map((name, code) => [name, code]))) as {
    readonly [K in N[number]]: number;
  };
}

/** The name of `code` in `names`, or `unknown (code)` for a code the interface does not define. */
function nameIn(names: readonly string[], code: number | bigint): string {
  const n = Number(code);
  return names[n] ?? `unknown (${n})`;
}

/** `round(...).status` as its name, e.g. `Finalised`. */
export const roundStatusName = (code: number | bigint): string => nameIn(ROUND_STATUS, code);
/** What a round status means, in English. */
export const roundStatusMeaning = (code: number | bigint): string => nameIn(ROUND_STATUS_MEANING, code);
/** `application(...).status` (or an eligibility reason) as its name, e.g. `Qualified`. */
export const applicationStatusName = (code: number | bigint): string =>
  nameIn(APPLICATION_STATUS, code);
/** What an application status means for pairing, in English. */
export const applicationStatusMeaning = (code: number | bigint): string =>
  nameIn(APPLICATION_STATUS_MEANING, code);
/** A phase code as its name, e.g. `MainLaunch`. */
export const phaseName = (code: number | bigint): string => nameIn(PHASE, code);
/** A `Field` code as the argument it names, e.g. `stakingContract`. */
export const fieldName = (code: number | bigint): string => nameIn(FIELD, code);
