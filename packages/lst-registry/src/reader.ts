// A small typed read API on viem: one method per view of the registry, named objects instead
// of tuples, and async iterators over the paginated lists. Plain `eth_call`s (`readContract`):
// no Multicall3 is assumed, so it works on any node, lst-devnet included.
import { getContract, zeroAddress, type Address, type Chain, type Client, type Hex, type Transport } from "viem";
import { getChainId } from "viem/actions";
import { lstRegistryAbi } from "./abi.js";
import {
  ApplicationStatus,
  applicationStatusMeaning,
  applicationStatusName,
  phaseName,
  roundStatusMeaning,
  roundStatusName,
} from "./codes.js";
import { MAX_PAGE } from "./constants.js";
import type {
  ActivePairing,
  Application,
  ApplicationDetails,
  Counts,
  Eligibility,
  Node,
  OracleSet,
  PageOptions,
  Pairing,
  PhaseInfo,
  Roles,
  Round,
  RoundWithRanking,
  Rules,
  Tally,
} from "./types.js";

/** What `createRegistryReader` needs. */
export interface RegistryReaderConfig {
  /** A viem client with a transport to the chain (a public client, or wagmi's). */
  client: Client<Transport, Chain | undefined>;
  /** The registry's address. */
  address: Address;
  /** Read at this block instead of the latest (all reads, iterators included). */
  blockNumber?: bigint;
}

export type RegistryReader = ReturnType<typeof createRegistryReader>;

type Id = number | bigint;

/** The read API of the registry at `address`, through `client`. */
export function createRegistryReader({ client, address, blockNumber }: RegistryReaderConfig) {
  const { read } = getContract({ address, abi: lstRegistryAbi, client });
  const at = blockNumber === undefined ? {} : { blockNumber };

  async function round(id: Id): Promise<Round> {
    const [slots, status, roundPhase, firstApplication, applications, live, tallied, passed, qualified,
      deadline, attestationDeadline, quorum, minVoters, approvalBps, attestationWindow] =
      await read.round([BigInt(id)], at);
    return {
      id: BigInt(id), slots, status, statusName: roundStatusName(status), statusMeaning: roundStatusMeaning(status),
      roundPhase, phaseName: phaseName(roundPhase), firstApplication, applications, live, tallied, passed,
      qualified, deadline, attestationDeadline, quorum, minVoters, approvalBps, attestationWindow,
    };
  }

  async function application(id: Id): Promise<Application> {
    const [roundId, applicant, stakingContract, status, rank, contentHash, snapshotProposal, name,
      metadataUri, snapshotSpace] = await read.application([BigInt(id)], at);
    return {
      id: BigInt(id), roundId, applicant, stakingContract, status, statusName: applicationStatusName(status),
      statusMeaning: applicationStatusMeaning(status), rank, contentHash, snapshotProposal, name, metadataUri,
      snapshotSpace,
    };
  }

  async function eligibility(id: Id): Promise<Eligibility> {
    const [eligible, status] = await read.eligibility([BigInt(id)], at);
    return { eligible, status, reason: applicationStatusName(status), meaning: applicationStatusMeaning(status) };
  }

  async function tally(id: Id): Promise<Tally> {
    const [forVotes, againstVotes, abstainVotes, voters, oracleEpoch] = await read.applicationTally([BigInt(id)], at);
    return { forVotes, againstVotes, abstainVotes, voters, oracleEpoch, attested: oracleEpoch !== 0 };
  }

  async function applicationDetails(id: Id): Promise<ApplicationDetails> {
    const [record, elig, t] = await Promise.all([application(id), eligibility(id), tally(id)]);
    return { ...record, eligibility: elig, tally: t };
  }

  async function node(id: Id): Promise<Node> {
    const [operator, sequencerSigner, activePairing, registeredPhase, registeredAt, metadataUri] =
      await read.node([BigInt(id)], at);
    return {
      id: BigInt(id), operator, sequencerSigner, activePairing, registeredPhase,
      registeredPhaseName: phaseName(registeredPhase), registeredAt, metadataUri,
    };
  }

  async function pairing(id: Id): Promise<Pairing> {
    const [nodeId, applicationId, stakeCap, stake, startedAt, endedAt, announcementUri, capOutOfBounds] =
      await read.pairing([BigInt(id)], at);
    return {
      id: BigInt(id), nodeId, applicationId, stakeCap, stake, startedAt, endedAt, active: endedAt === 0n,
      announcementUri, capOutOfBounds,
    };
  }

  async function counts(): Promise<Counts> {
    const [rounds, applications, nodes, pairings] = await read.counts(at);
    return { rounds, applications, nodes, pairings };
  }

  /** Pages of ids from `page(offset, size)`, which answers fewer than `size` at the end. */
  async function* idPages(page: (offset: bigint, size: bigint) => Promise<readonly bigint[]>, options: PageOptions) {
    const size = BigInt(pageSize(options));
    let offset = BigInt(options.offset ?? 0);
    for (;;) {
      const ids = await page(offset, size);
      yield* ids;
      if (BigInt(ids.length) < size) return;
      offset += size;
    }
  }

  async function* roundApplicationIds(roundId: Id, options: PageOptions = {}): AsyncGenerator<bigint> {
    yield* idPages((offset, size) => read.roundApplications([BigInt(roundId), offset, size], at), options);
  }

  async function* nodeIds(options: PageOptions = {}): AsyncGenerator<bigint> {
    yield* idPages((offset, size) => read.nodes([offset, size], at), options);
  }

  return {
    address,
    client,
    /** The chain id of the client's chain (for the EIP-712 domain). */
    chainId: (): Promise<number> => getChainId(client),
    rules: async (): Promise<Rules> => {
      const [quorum, minVoters, approvalBps, attestationWindow, minCap, maxCap, countingMode, snapshotSpace] =
        await read.rules(at);
      return { quorum, minVoters, approvalBps, attestationWindow, minCap, maxCap, countingMode, snapshotSpace };
    },
    phase: async (): Promise<PhaseInfo> => {
      const [current, nodeLimit, nodeCount] = await read.phase(at);
      return { current, name: phaseName(current), nodeLimit, nodeCount };
    },
    /** The node limit of every phase, indexed by phase code. */
    phaseNodeLimits: async (): Promise<readonly number[]> => [...(await read.phaseNodeLimits(at))],
    counts,
    roles: async (): Promise<Roles> => {
      const [admin, pendingAdmin, guardian, paused, viewsProgram, adminProgram] = await Promise.all([
        read.admin(at),
        read.pendingAdmin(at),
        read.guardian(at),
        read.paused(at),
        read.viewsProgram(at),
        read.adminProgram(at),
      ]);
      return {
        admin,
        pendingAdmin: pendingAdmin === zeroAddress ? null : pendingAdmin,
        guardian,
        paused,
        viewsProgram,
        adminProgram,
      };
    },
    /** The views program the registry delegates its read-only functions to. */
    viewsProgram: (): Promise<Address> => read.viewsProgram(at),
    /** The admin program the registry delegates the admin's functions to. */
    adminProgram: (): Promise<Address> => read.adminProgram(at),
    oracleSet: async (): Promise<OracleSet> => {
      const [signers, threshold, epoch, nextSigners, nextThreshold, nextEpoch, nextAt, delay] = await read.oracleSet(at);
      const next = nextEpoch === 0 ? null : { signers: nextSigners, threshold: nextThreshold, epoch: nextEpoch, at: nextAt };
      return { signers, threshold, epoch, next, delay };
    },
    domainSeparator: (): Promise<Hex> => read.domainSeparator(at),
    /** The registry's own digest of a tally (`tallyDigest`), under the current epoch. */
    tallyDigest: (applicationId: Id, votes: { forVotes: bigint; againstVotes: bigint; abstainVotes: bigint; voters: number }) =>
      read.tallyDigest([BigInt(applicationId), votes.forVotes, votes.againstVotes, votes.abstainVotes, votes.voters], at),
    round,
    /** A round with every application (eligibility and tally included) and its ranking. */
    roundWithRanking: async (id: Id): Promise<RoundWithRanking> => {
      const record = await round(id);
      const applicationList: ApplicationDetails[] = [];
      for await (const applicationId of roundApplicationIds(id)) {
        applicationList.push(await applicationDetails(applicationId));
      }
      const ranking = applicationList.filter((a) => a.rank > 0).sort((a, b) => a.rank - b.rank);
      return { ...record, applicationList, ranking };
    },
    application,
    /** An application with its eligibility and its tally. */
    applicationDetails,
    eligibility,
    tally,
    node,
    /** The node that uses, or once used, `sequencerSigner`; null if none. */
    nodeOfSigner: async (sequencerSigner: Address): Promise<bigint | null> => {
      const id = await read.nodeOfSigner([sequencerSigner], at);
      return id === 0n ? null : id;
    },
    pairing,
    /** Cap minus reported stake of a node's active pairing; 0n if not paired. */
    remainingCapacity: (nodeId: Id): Promise<bigint> => read.remainingCapacity([BigInt(nodeId)], at),
    pairingNonce: (): Promise<bigint> => read.pairingNonce(at),
    /** Ids of a round's applications in submission order (`roundApplications`, page by page). */
    roundApplicationIds,
    /** A round's applications in submission order, with eligibility and tally. */
    roundApplications: async function* (roundId: Id, options: PageOptions = {}): AsyncGenerator<ApplicationDetails> {
      for await (const id of roundApplicationIds(roundId, options)) yield await applicationDetails(id);
    },
    /** Ids of registered nodes (`nodes`, page by page). */
    nodeIds,
    /** Registered nodes, by id. */
    nodes: async function* (options: PageOptions = {}): AsyncGenerator<Node> {
      for await (const id of nodeIds(options)) yield await node(id);
    },
    /**
     * The active pairings (`activePairings`, page by page over node ids: a page may hold
     * fewer entries than it scans, so the node count bounds the walk).
     */
    activePairings: async function* (options: PageOptions = {}): AsyncGenerator<ActivePairing> {
      const size = BigInt(pageSize(options));
      const { nodes: total } = await counts();
      for (let offset = BigInt(options.offset ?? 0); offset < total; offset += size) {
        const [nodeIds, pairingIds, applicationIds, stakeCaps, remaining] = await read.activePairings([offset, size], at);
        for (const [i, nodeId] of nodeIds.entries()) {
          yield {
            nodeId, pairingId: pairingIds[i]!, applicationId: applicationIds[i]!, stakeCap: stakeCaps[i]!,
            remaining: remaining[i]!,
          };
        }
      }
    },
    /** Whether nodes may pair with the application now (it is Qualified). */
    isEligible: async (id: Id): Promise<boolean> => (await eligibility(id)).status === ApplicationStatus.Qualified,
  };
}

function pageSize({ pageSize = MAX_PAGE }: PageOptions): number {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, not ${pageSize}`);
  return Math.min(pageSize, MAX_PAGE);
}
