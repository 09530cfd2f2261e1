// The registry's custom errors as English sentences. Every revert of the registry carries one
// custom error of abi/ILstRegistry.sol (never a string); `describeRegistryError` finds it in
// whatever viem threw and says what went wrong with the values it carries.
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatUnits,
  type ContractErrorArgs,
  type ContractErrorName,
  type Hex,
} from "viem";
import { lstRegistryAbi } from "./abi.js";
import { applicationStatusName, fieldName, phaseName, roundStatusName } from "./codes.js";

/** The name of one of the registry's custom errors, e.g. `RegistryNotAdmin`. */
export type RegistryErrorName = ContractErrorName<typeof lstRegistryAbi>;

type Describers = {
  [N in RegistryErrorName]: (args: ContractErrorArgs<typeof lstRegistryAbi, N>) => string;
};

const metis = (wei: bigint): string => `${formatUnits(wei, 18)} METIS`;
const time = (unix: bigint): string => {
  const ms = Number(unix) * 1000;
  return Number.isFinite(ms) && ms <= 8.64e15 ? `${new Date(ms).toISOString()} (${unix})` : `${unix}`;
};
const days = (seconds: number): string => `${seconds} s (${+(seconds / 86_400).toFixed(2)} days)`;
const status = (code: number): string => `${applicationStatusName(code)} (${code})`;
const roundStatus = (code: number): string => `${roundStatusName(code)} (${code})`;
const phase = (code: number): string => `${phaseName(code)} (${code})`;
const field = (code: number): string => `${fieldName(code)} (field ${code})`;

/** One sentence per custom error of the interface, from its arguments. */
export const registryErrorMessages: Describers = {
  // ---- who may act
  RegistryNotAdmin: ([caller]) => `Only the admin may do this; ${caller} is not the admin.`,
  RegistryNotGuardian: ([caller]) =>
    `Only the guardian or the admin may pause; ${caller} is neither.`,
  RegistryNotPendingAdmin: ([caller, pending]) =>
    /^0x0{40}$/i.test(pending)
      ? `No admin transfer is pending, so ${caller} cannot accept one.`
      : `Only the pending admin ${pending} may accept the admin transfer, not ${caller}.`,
  RegistryNotApplicant: ([applicationId, caller]) =>
    `Only the applicant may withdraw application ${applicationId}; ${caller} is not its applicant.`,
  RegistryNotNodeOperator: ([nodeId, caller]) =>
    `Only the operator of node ${nodeId} may do this; ${caller} is not its operator.`,
  RegistryNotStakingContract: ([nodeId, caller, staking]) =>
    `Only the staking contract ${staking} of the application paired with node ${nodeId} may report its stake, not ${caller}.`,
  RegistryPaused: () => "The registry is paused.",
  RegistryNotPaused: () => "The registry is not paused.",
  // ---- calls
  RegistryUnknownSelector: ([selector]) => `The registry has no function with selector ${selector}.`,
  RegistryMalformedCalldata: ([selector]) =>
    `The arguments of function ${selector} are not a strict ABI encoding of its parameters.`,
  RegistryNotPayable: ([value]) =>
    `No function of the registry accepts value, and ${value} wei was sent.`,
  RegistryAlreadyInitialised: () => "The registry's constructor has already run.",
  RegistryNoCode: ([account]) =>
    /^0x0{40}$/.test(String(account))
      ? "The registry's constructor has not run: it has no views or admin program to serve this function."
      : `${account} holds no code: deploy it first (the views and admin programs before the registry; an application's staking contract before a node pairs with it).`,
  RegistryNotDelegated: () =>
    "The views and admin programs answer only through the registry, which delegates its functions to them; call the registry instead.",
  // ---- input
  RegistryZeroAddress: ([f]) => `The address given as ${field(f)} must not be zero.`,
  RegistryZeroHash: ([f]) => `The hash given as ${field(f)} must not be zero.`,
  RegistryInvalidLength: ([f, length, min, max]) =>
    `The ${field(f)} is ${length} bytes long; it must be ${min} to ${max} bytes.`,
  RegistryAmountTooLarge: ([amount, max]) =>
    `The amount ${amount} wei is larger than the registry stores (at most ${max} wei).`,
  // ---- rules
  RegistryInvalidQuorum: ([quorum, max]) =>
    `The quorum ${metis(quorum)} is invalid: it must be non-zero and at most ${max} wei.`,
  RegistryInvalidMinVoters: () => "The minimum number of distinct voters must not be zero.",
  RegistryInvalidApproval: ([bps]) =>
    `An approval of ${bps} basis points is invalid: it must be a strict majority, 5,001 to 10,000.`,
  RegistryInvalidStakeCapBounds: ([min, max, ceiling]) =>
    `The stake-cap bounds ${metis(min)} to ${metis(max)} are invalid: they need 0 < min <= max <= ${ceiling} wei.`,
  RegistryInvalidStakeCap: ([cap, min, max]) =>
    `The stake cap ${metis(cap)} is outside the bounds in force, ${metis(min)} to ${metis(max)}.`,
  RegistryInvalidNodeLimit: ([p, limit, min, max]) =>
    `A node limit of ${limit} is not allowed for phase ${phase(p)}: it must be ${min} to ${max}.`,
  // ---- phases
  RegistryInvalidPhaseTransition: ([from, to]) =>
    `The program cannot move from phase ${phase(from)} to ${phase(to)}: phases move one step forward only.`,
  // ---- oracle set and attestations
  RegistryInvalidOracleSet: ([signers, threshold, maxSigners]) =>
    `An oracle set of ${signers} signers with threshold ${threshold} is invalid: it needs 1 to ${maxSigners} signers and a strict-majority threshold.`,
  RegistryInvalidOracleSigner: ([index, signer]) =>
    `Oracle signer ${index} (${signer}) is zero or not above the previous one: signers must be non-zero and strictly ascending.`,
  RegistryMalformedSignatures: ([length]) =>
    `The signatures are ${length} bytes long, not a whole number of 65-byte signatures.`,
  RegistrySignatureCount: ([count, threshold, signers]) =>
    signers === 0
      ? "No oracle set is in force (none was made yet, or a change made while paused waits for its time), so no tally can be attested."
      : `${count} signatures were given; the oracle set needs ${threshold} to ${signers}.`,
  RegistrySignatureHighS: ([index]) =>
    `Signature ${index} has an s in the upper half of the curve order (EIP-2): use its low-s form.`,
  RegistryInvalidSignature: ([index]) =>
    `Signature ${index} is invalid: v must be 27 or 28, r and s non-zero, and it must recover an address.`,
  RegistrySignersNotSorted: ([index, signer]) =>
    `Signature ${index} (by ${signer}) is out of order: signatures must be sorted by signer, strictly ascending, without duplicates.`,
  RegistryUnknownSigner: ([index, signer]) =>
    `Signature ${index} recovers ${signer}, which is not in the oracle set in force.`,
  // ---- rounds and applications
  RegistryUnknownRound: ([roundId]) => `There is no round ${roundId}.`,
  RegistryWrongRoundStatus: ([roundId, s, expected]) =>
    `Round ${roundId} is ${roundStatus(s)}; this needs it ${roundStatus(expected)}.`,
  RegistryInvalidRoundConfig: ([slots, deadline, now, maxSlots]) =>
    `A round with ${slots} slots and deadline ${time(deadline)} is invalid at ${time(now)}: it needs 1 to ${maxSlots} slots and a deadline after now.`,
  RegistryDeadline: ([roundId, deadline, now]) =>
    `Too late or too early for round ${roundId}: its deadline is ${time(deadline)} and it is ${time(now)}.`,
  RegistryNoOpenRound: () => "No round is taking applications.",
  RegistryRoundFull: ([roundId, max]) => `Round ${roundId} already holds the most applications allowed (${max}).`,
  RegistryTalliesMissing: ([roundId, tallied, live]) =>
    `Round ${roundId} cannot be finalised yet: ${tallied} of its ${live} live applications have a tally and its attestation window is still open.`,
  RegistryUnknownApplication: ([applicationId]) => `There is no application ${applicationId}.`,
  RegistryWrongApplicationStatus: ([applicationId, s, expected]) =>
    `Application ${applicationId} is ${status(s)}; this needs it ${status(expected)}.`,
  // ---- nodes, pairings, stake
  RegistryUnknownNode: ([nodeId]) => `There is no node ${nodeId}.`,
  RegistryUnknownPairing: ([pairingId]) => `There is no pairing ${pairingId}.`,
  RegistryNodeLimitReached: ([p, limit]) =>
    `Phase ${phase(p)} allows ${limit} nodes, and that many are registered.`,
  RegistrySignerInUse: ([signer, nodeId]) =>
    `Sequencer signer ${signer} is, or was, used by node ${nodeId}; signers are never reused.`,
  RegistryNodeAlreadyPaired: ([nodeId, pairingId]) =>
    `Node ${nodeId} is already paired (pairing ${pairingId}); unpair it first.`,
  RegistryNodeNotPaired: ([nodeId]) => `Node ${nodeId} has no active pairing.`,
  RegistryStakeAboveCap: ([nodeId, stake, cap]) =>
    `A stake of ${metis(stake)} is above node ${nodeId}'s stake cap of ${metis(cap)}.`,
  RegistryCapBelowStake: ([nodeId, cap, stake]) =>
    `A stake cap of ${metis(cap)} would be below the ${metis(stake)} already reported for node ${nodeId}.`,
  RegistryWrongSnapshotSpace: ([spaceHash, expectedHash]) =>
    `The application names another Snapshot space than the program's (keccak256 ${spaceHash}, expected ${expectedHash}); rules() names the program's space.`,
  RegistryProposalUsed: ([proposal, applicationId]) =>
    `Snapshot proposal ${proposal} already backs application ${applicationId}; one vote backs one application, ever.`,
  RegistryAlreadyApplied: ([account, applicationId]) =>
    `${account} already has a live application in this round (application ${applicationId}).`,
  RegistryInvalidAttestationWindow: ([window, min, max]) =>
    `An attestation window of ${days(window)} is invalid: it must be ${days(min)} to ${days(max)}.`,
  RegistryPairingEnded: ([pairingId]) =>
    `Pairing ${pairingId} has ended; stake is reported for an active pairing only.`,
  RegistryInvalidOracleSetDelay: ([delay, min, max]) =>
    `An oracle-set delay of ${days(delay)} is invalid: it must be ${days(min)} to ${days(max)}.`,
};

/** A registry error found in something viem threw: its name, arguments and sentence. */
export interface DecodedRegistryError {
  errorName: RegistryErrorName;
  args: readonly unknown[];
  message: string;
}

/** Turns a registry error's name and arguments into its sentence. */
export function formatRegistryError(errorName: RegistryErrorName, args: readonly unknown[]): string {
  const describe = registryErrorMessages[errorName] as (args: readonly unknown[]) => string;
  return describe(args);
}

/**
 * The registry error in `err` (a viem error from `readContract`, `simulateContract`,
 * `writeContract`, `estimateContractGas`…, or raw revert data as hex), or `undefined` when it
 * holds none. Revert data is decoded with this package's ABI, so it works whatever ABI the
 * call was made with.
 */
export function decodeRegistryError(err: unknown): DecodedRegistryError | undefined {
  if (typeof err === "string") return fromData(err as Hex);
  if (!(err instanceof BaseError)) return undefined;
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    const name = reverted.data?.errorName;
    if (name && name in registryErrorMessages) {
      const args = reverted.data?.args ?? [];
      return { errorName: name as RegistryErrorName, args, message: formatRegistryError(name as RegistryErrorName, args) };
    }
    if (reverted.raw) return fromData(reverted.raw);
  }
  // Revert data further down (e.g. a raw RPC error from `call` or `sendTransaction`).
  let found: DecodedRegistryError | undefined;
  err.walk((e) => {
    const data = (e as { data?: unknown }).data;
    if (!found && typeof data === "string" && data.startsWith("0x")) found = fromData(data as Hex);
    return found !== undefined;
  });
  return found;
}

function fromData(data: Hex): DecodedRegistryError | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: lstRegistryAbi, data });
    if (!(errorName in registryErrorMessages)) return undefined;
    const list = (args ?? []) as readonly unknown[];
    return { errorName, args: list, message: formatRegistryError(errorName, list) };
  } catch {
    return undefined;
  }
}

/**
 * A readable English sentence for `err`: the registry's custom error with its values when
 * `err` carries one, else viem's short message (or the error's message).
 */
export function describeRegistryError(err: unknown): string {
  const decoded = decodeRegistryError(err);
  if (decoded) return decoded.message;
  if (err instanceof BaseError) return err.shortMessage;
  if (err instanceof Error) return err.message;
  const message = typeof err === "object" && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : String(err);
}
