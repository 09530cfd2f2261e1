// The program's constants, mirroring types/src/program.rs (checked by test/codes.test.ts).

/** One METIS in wei (18 decimals). */
export const METIS = 10n ** 18n;
/** Default quorum: For + Against + Abstain weight, in wei (20,000 METIS). */
export const DEFAULT_QUORUM = 20_000n * METIS;
/** Default minimum number of distinct voters. */
export const DEFAULT_MIN_VOTERS = 500;
/** Default approval, For / (For + Against), in basis points. */
export const DEFAULT_APPROVAL_BPS = 8_000;
/** Default attestation window, in seconds (14 days). */
export const DEFAULT_ATTESTATION_WINDOW = 14 * 86_400;
/** Default smallest stake cap, in wei (20,000 METIS). */
export const DEFAULT_MIN_CAP = 20_000n * METIS;
/** Default largest stake cap, in wei (100,000 METIS). */
export const DEFAULT_MAX_CAP = 100_000n * METIS;
/** Default node limit of each phase, in phase order. */
export const DEFAULT_NODE_LIMITS = [4, 4, 16, 64] as const;
/** Most oracle signers in a set. */
export const MAX_ORACLES = 16;
/** Most eligible slots of a round. */
export const MAX_SLOTS = 32;
/** Most applications of a round, withdrawn ones included. */
export const MAX_APPLICATIONS_PER_ROUND = 128;
/** Most positions a paginated view (`roundApplications`, `nodes`, `activePairings`) covers. */
export const MAX_PAGE = 100;
/** Largest amount the registry stores: 2^96 - 1 wei. */
export const MAX_AMOUNT = 2n ** 96n - 1n;
/** The program's Snapshot space until the admin sets another. */
export const DEFAULT_SNAPSHOT_SPACE = "metislayer2.eth";
