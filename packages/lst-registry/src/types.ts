// What the read API returns: the registry's views as named objects, codes with their names.
import type { Address, Hex } from "viem";

/** `rules()`: the rules in force. Amounts in wei, times in seconds. */
export interface Rules {
  quorum: bigint;
  minVoters: number;
  approvalBps: number;
  attestationWindow: number;
  minCap: bigint;
  maxCap: bigint;
  countingMode: string;
  snapshotSpace: string;
}

/** `phase()` with the phase's name. */
export interface PhaseInfo {
  current: number;
  name: string;
  nodeLimit: number;
  nodeCount: number;
}

/** `counts()`: ids of each kind run from 1 to these. */
export interface Counts {
  rounds: bigint;
  applications: bigint;
  nodes: bigint;
  pairings: bigint;
}

/** `admin()`, `pendingAdmin()`, `guardian()`, `paused()`, `viewsProgram()`, `adminProgram()`. */
export interface Roles {
  admin: Address;
  pendingAdmin: Address | null;
  guardian: Address;
  paused: boolean;
  viewsProgram: Address;
  adminProgram: Address;
}

/** `oracleSet()`: the set in force and the change scheduled after it, if any. */
export interface OracleSet {
  signers: readonly Address[];
  threshold: number;
  epoch: number;
  next: { signers: readonly Address[]; threshold: number; epoch: number; at: bigint } | null;
  /** Seconds between a change and its effect. */
  delay: number;
}

/** `round(id)` with its status and phase names. */
export interface Round {
  id: bigint;
  slots: number;
  status: number;
  statusName: string;
  statusMeaning: string;
  roundPhase: number;
  phaseName: string;
  firstApplication: bigint;
  /** Applications submitted, withdrawn ones included. */
  applications: number;
  live: number;
  tallied: number;
  passed: number;
  qualified: number;
  deadline: bigint;
  attestationDeadline: bigint;
  quorum: bigint;
  minVoters: number;
  approvalBps: number;
  attestationWindow: number;
}

/** `applicationTally(id)`; all zero until attested. */
export interface Tally {
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  voters: number;
  /** The oracle epoch that attested it; 0 if none yet. */
  oracleEpoch: number;
  attested: boolean;
}

/** `eligibility(id)`: whether nodes may pair with an application, and why. */
export interface Eligibility {
  eligible: boolean;
  /** The application's status code, the reason (0 for an unknown id). */
  status: number;
  reason: string;
  meaning: string;
}

/** `application(id)` with its status's name and meaning. */
export interface Application {
  id: bigint;
  roundId: bigint;
  applicant: Address;
  stakingContract: Address;
  status: number;
  statusName: string;
  statusMeaning: string;
  /** Rank among its round's passed applications (1 = most For weight); 0 unless it passed. */
  rank: number;
  contentHash: Hex;
  snapshotProposal: Hex;
  name: string;
  metadataUri: string;
  snapshotSpace: string;
}

/** An application with its eligibility and its tally. */
export interface ApplicationDetails extends Application {
  eligibility: Eligibility;
  tally: Tally;
}

/** A round, its applications in submission order and its ranking. */
export interface RoundWithRanking extends Round {
  applicationList: ApplicationDetails[];
  /** The passed applications by rank (1 first): the first `qualified` of them qualified. */
  ranking: ApplicationDetails[];
}

/** `node(id)` with its phase's name. */
export interface Node {
  id: bigint;
  operator: Address;
  sequencerSigner: Address;
  /** Its active pairing; 0n if none. */
  activePairing: bigint;
  registeredPhase: number;
  registeredPhaseName: string;
  registeredAt: bigint;
  metadataUri: string;
}

/** `pairing(id)`, active or ended. */
export interface Pairing {
  id: bigint;
  nodeId: bigint;
  applicationId: bigint;
  stakeCap: bigint;
  stake: bigint;
  startedAt: bigint;
  /** 0n while active. */
  endedAt: bigint;
  active: boolean;
  announcementUri: string;
  /** The pairing is active and its cap lies outside the cap bounds in force. */
  capOutOfBounds: boolean;
}

/** One entry of `activePairings(offset, limit)`. */
export interface ActivePairing {
  nodeId: bigint;
  pairingId: bigint;
  applicationId: bigint;
  stakeCap: bigint;
  /** Cap minus reported stake, in wei. */
  remaining: bigint;
}

/** Options of the paginated iterators. */
export interface PageOptions {
  /** Positions per call, 1 to 100 (`MAX_PAGE`; larger values are clipped). Default 100. */
  pageSize?: number;
  /** Positions to skip first. Default 0. */
  offset?: number | bigint;
}
