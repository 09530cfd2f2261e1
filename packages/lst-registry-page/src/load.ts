// Everything the page shows, read at one block through the SDK's reader; and the diagnosis
// of why it cannot be read (unreachable RPC, no contract, not a registry).
import {
  createRegistryReader,
  type ActivePairing,
  type ApplicationDetails,
  type Counts,
  type Node as RegistryNode,
  type OracleSet,
  type Pairing,
  type PhaseInfo,
  type Roles,
  type RoundWithRanking,
  type Rules,
} from "@lst-registry/sdk";
import type { Address, PublicClient } from "viem";

/** At most this many rounds (newest first) and pairings (newest first) are read. */
export const MAX_ROUNDS_SHOWN = 50;
export const MAX_PAIRINGS_SHOWN = 500;

/** A node with its pairings (newest first) and its active pairing's remaining capacity. */
export interface NodeView extends RegistryNode {
  pairings: Pairing[];
  active: ActivePairing | null;
}

/** The registry's state at one block. */
export interface RegistryState {
  chainId: number;
  blockNumber: bigint;
  rules: Rules;
  phase: PhaseInfo;
  phaseNodeLimits: readonly number[];
  oracleSet: OracleSet;
  roles: Roles;
  counts: Counts;
  /** Newest first. */
  rounds: RoundWithRanking[];
  applications: Map<bigint, ApplicationDetails>;
  nodes: NodeView[];
  /** How many pairings were left unread (older than the newest MAX_PAIRINGS_SHOWN). */
  pairingsNotShown: bigint;
  roundsNotShown: bigint;
}

/** Why the page cannot show a registry, in words. */
export class LoadProblem extends Error {
  constructor(
    readonly kind: "unreachable" | "no-contract" | "not-registry",
    message: string,
  ) {
    super(message);
  }
}

function reason(err: unknown): string {
  const e = err as { shortMessage?: string; details?: string; message?: string };
  return e.details || e.shortMessage || e.message || String(err);
}

/** Checks the chain and the address before reading: the chain id. */
export async function diagnose(client: PublicClient, rpc: string, registry: Address): Promise<number> {
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (err) {
    throw new LoadProblem("unreachable", `Cannot reach the RPC at ${rpc}: ${reason(err)}. Is the node running, and is the URL right?`);
  }
  let code: string | undefined;
  try {
    code = await client.getCode({ address: registry });
  } catch (err) {
    throw new LoadProblem("unreachable", `The RPC at ${rpc} did not answer eth_getCode: ${reason(err)}.`);
  }
  if (!code || code === "0x") {
    throw new LoadProblem(
      "no-contract",
      `There is no contract at ${registry} on chain ${chainId} (the RPC at ${rpc}): this chain has no registry at that address. Check the address and the RPC.`,
    );
  }
  return chainId;
}

/** Reads the registry's state at the latest block. */
export async function loadState(client: PublicClient, registry: Address, chainId: number): Promise<RegistryState> {
  const blockNumber = await client.getBlockNumber();
  const reader = createRegistryReader({ client, address: registry, blockNumber });
  let rules: Rules;
  try {
    rules = await reader.rules();
  } catch (err) {
    throw new LoadProblem(
      "not-registry",
      `The contract at ${registry} on chain ${chainId} does not answer as an LST registry (rules() failed: ${reason(err)}).`,
    );
  }
  const [phase, phaseNodeLimits, oracleSet, roles, counts] = await Promise.all([
    reader.phase(),
    reader.phaseNodeLimits(),
    reader.oracleSet(),
    reader.roles(),
    reader.counts(),
  ]);

  const firstRound = counts.rounds > BigInt(MAX_ROUNDS_SHOWN) ? counts.rounds - BigInt(MAX_ROUNDS_SHOWN) + 1n : 1n;
  const roundIds: bigint[] = [];
  for (let id = counts.rounds; id >= firstRound && id > 0n; id--) roundIds.push(id);
  const firstPairing =
    counts.pairings > BigInt(MAX_PAIRINGS_SHOWN) ? counts.pairings - BigInt(MAX_PAIRINGS_SHOWN) + 1n : 1n;
  const pairingIds: bigint[] = [];
  for (let id = counts.pairings; id >= firstPairing && id > 0n; id--) pairingIds.push(id);

  // Independent reads run together (one HTTP batch per tick of the transport).
  const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const list: T[] = [];
    for await (const item of items) list.push(item);
    return list;
  };
  const [rounds, nodeList, active, pairings] = await Promise.all([
    Promise.all(roundIds.map((id) => reader.roundWithRanking(id))),
    collect(reader.nodeIds()).then((ids) => Promise.all(ids.map((id) => reader.node(id)))),
    collect(reader.activePairings()),
    Promise.all(pairingIds.map((id) => reader.pairing(id))),
  ]);
  const applications = new Map<bigint, ApplicationDetails>();
  for (const round of rounds) for (const a of round.applicationList) applications.set(a.id, a);

  // Applications paired with but outside the rounds read (older rounds).
  const missing = [...new Set(pairings.map((p) => p.applicationId))].filter((id) => !applications.has(id));
  for (const details of await Promise.all(missing.map((id) => reader.applicationDetails(id)))) {
    applications.set(details.id, details);
  }

  const nodes: NodeView[] = nodeList.map((node) => ({
    ...node,
    pairings: pairings.filter((p) => p.nodeId === node.id),
    active: active.find((p) => p.nodeId === node.id) ?? null,
  }));
  return {
    chainId,
    blockNumber,
    rules,
    phase,
    phaseNodeLimits,
    oracleSet,
    roles,
    counts,
    rounds,
    applications,
    nodes,
    pairingsNotShown: firstPairing - 1n,
    roundsNotShown: firstRound - 1n,
  };
}
