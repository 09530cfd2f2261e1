// The read API against `lst-devnet --seed`: Phase 1 (Alpha) done, 4 nodes, round 1 finalised
// with applications 1 and 2 Qualified, nodes 1-2 paired with application 1 and 3-4 with
// application 2 (caps 50k/40k/30k/25k METIS), the applications' staking contracts the
// applicants' vaults, 12,500 METIS deposited through vault 1 and reported for pairing 1.
import { getContractAddress, keccak256, toHex, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApplicationStatus, METIS, createRegistryReader, describeRegistryError, lstRegistryAbi } from "../src/index.js";
import { DEV_KEYS, devAccount, startDevnet, type Devnet } from "./devnet.js";

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet();
});
afterAll(() => devnet?.stop());

const collect = async <T>(iterator: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
};

describe("seeded program", () => {
  test("rules, phase, counts, roles, oracle set", async () => {
    const { reader } = devnet;
    expect(await reader.rules()).toEqual({
      quorum: 20_000n * METIS,
      minVoters: 500,
      approvalBps: 8_000,
      attestationWindow: 14 * 86_400,
      minCap: 20_000n * METIS,
      maxCap: 100_000n * METIS,
      countingMode: "quorum=for+against+abstain&voters=distinct&approval=for/(for+against)&rank=for,desc;id,asc",
      snapshotSpace: "metislayer2.eth",
    });
    expect(await reader.phase()).toEqual({ current: 0, name: "Alpha", nodeLimit: 4, nodeCount: 4 });
    expect(await reader.phaseNodeLimits()).toEqual([4, 4, 16, 64]);
    expect(await reader.counts()).toEqual({ rounds: 1n, applications: 2n, nodes: 4n, pairings: 4n });
    const roles = await reader.roles();
    expect(roles).toMatchObject({ admin: devAccount(0).address, guardian: devAccount(0).address, pendingAdmin: null, paused: false });
    expect(roles.viewsProgram).not.toBe(zeroAddress);
    expect(await reader.viewsProgram()).toBe(roles.viewsProgram);
    expect(roles.adminProgram).not.toBe(zeroAddress);
    expect(roles.adminProgram).not.toBe(roles.viewsProgram);
    expect(await reader.adminProgram()).toBe(roles.adminProgram);
    const oracles = await reader.oracleSet();
    expect(oracles).toMatchObject({ threshold: 2, epoch: 1, next: null, delay: 2 * 86_400 });
    expect(oracles.signers).toHaveLength(3);
    expect([...oracles.signers].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))).toEqual(oracles.signers);
    expect(await reader.pairingNonce()).toBe(4n);
  });

  test("round 1 with its ranking", async () => {
    const round = await devnet.reader.roundWithRanking(1);
    expect(round).toMatchObject({
      id: 1n, slots: 2, status: 3, statusName: "Finalised", roundPhase: 0, phaseName: "Alpha", firstApplication: 1n,
      applications: 2, live: 2, tallied: 2, passed: 2, qualified: 2, quorum: 20_000n * METIS, minVoters: 500,
      approvalBps: 8_000, attestationWindow: 14 * 86_400,
    });
    expect(round.attestationDeadline - round.deadline).toBe(BigInt(14 * 86_400));
    expect(round.applicationList.map((a) => a.id)).toEqual([1n, 2n]);
    expect(round.ranking.map((a) => [a.id, a.rank, a.statusName, a.tally.forVotes])).toEqual([
      [1n, 1, "Qualified", 62_000n * METIS],
      [2n, 2, "Qualified", 41_000n * METIS],
    ]);
  });

  test("an application with its eligibility and tally", async () => {
    const app = await devnet.reader.applicationDetails(2);
    // The staking contract is the vault its applicant created first (nonce 0): a contract.
    const vault = getContractAddress({ from: devAccount(6).address, nonce: 0n });
    expect(await devnet.client.getCode({ address: vault })).toMatch(/^0x[0-9a-f]{2,}$/);
    expect(app).toMatchObject({
      id: 2n, roundId: 1n, applicant: devAccount(6).address, stakingContract: vault,
      status: ApplicationStatus.Qualified, statusName: "Qualified", rank: 2, name: "Artemis METIS",
      metadataUri: "ipfs://bafy-lst-devnet-application-2/lst.json", snapshotSpace: "metislayer2.eth",
      contentHash: keccak256(toHex("lst-devnet application 2")),
      snapshotProposal: keccak256(toHex("lst-devnet proposal 2")),
    });
    expect(app.eligibility).toEqual({
      eligible: true, status: 4, reason: "Qualified",
      meaning: "qualified: passed the vote rules within the round's slots; nodes may pair with it",
    });
    expect(app.tally).toEqual({
      forVotes: 41_000n * METIS, againstVotes: 7_500n * METIS, abstainVotes: 2_000n * METIS, voters: 604,
      oracleEpoch: 1, attested: true,
    });
    // An unknown id is not eligible, with reason None; reading it reverts with a readable error.
    expect(await devnet.reader.eligibility(99)).toMatchObject({ eligible: false, status: 0, reason: "None" });
    expect(await devnet.reader.isEligible(1)).toBe(true);
    const error = await devnet.reader.application(99).catch((e: unknown) => e);
    expect(describeRegistryError(error)).toBe("There is no application 99.");
  });

  test("a node and a pairing", async () => {
    const node = await devnet.reader.node(1);
    expect(node).toMatchObject({
      id: 1n, operator: devAccount(1).address, activePairing: 1n, registeredPhase: 0, registeredPhaseName: "Alpha",
      metadataUri: "ipfs://bafy-lst-devnet-node-1/metadata.json",
    });
    expect(node.registeredAt).toBeGreaterThan(0n);
    expect(await devnet.reader.nodeOfSigner(node.sequencerSigner)).toBe(1n);
    expect(await devnet.reader.nodeOfSigner(devAccount(9).address)).toBeNull();
    expect(await devnet.reader.pairing(1)).toMatchObject({
      id: 1n, nodeId: 1n, applicationId: 1n, stakeCap: 50_000n * METIS, stake: 12_500n * METIS, endedAt: 0n,
      active: true, announcementUri: "https://forum.example/lst-devnet/pairing-1", capOutOfBounds: false,
    });
    expect(await devnet.reader.remainingCapacity(1)).toBe(37_500n * METIS);
  });
});

describe("paginated lists", () => {
  test.each([1, 3, 100, 500])("node ids and nodes, %i per page", async (pageSize) => {
    expect(await collect(devnet.reader.nodeIds({ pageSize }))).toEqual([1n, 2n, 3n, 4n]);
    const nodes = await collect(devnet.reader.nodes({ pageSize }));
    expect(nodes.map((n) => n.operator)).toEqual([1, 2, 3, 4].map((i) => devAccount(i).address));
  });

  test("an offset skips positions", async () => {
    expect(await collect(devnet.reader.nodeIds({ offset: 2, pageSize: 1 }))).toEqual([3n, 4n]);
    expect(await collect(devnet.reader.roundApplicationIds(1, { offset: 1 }))).toEqual([2n]);
  });

  test.each([1, 2, 100])("a round's applications, %i per page", async (pageSize) => {
    const apps = await collect(devnet.reader.roundApplications(1, { pageSize }));
    expect(apps.map((a) => [a.id, a.name, a.eligibility.eligible])).toEqual([
      [1n, "Liquid Staked METIS", true],
      [2n, "Artemis METIS", true],
    ]);
  });

  test.each([1, 3, 100])("active pairings, %i nodes per page", async (pageSize) => {
    expect(await collect(devnet.reader.activePairings({ pageSize }))).toEqual([
      { nodeId: 1n, pairingId: 1n, applicationId: 1n, stakeCap: 50_000n * METIS, remaining: 37_500n * METIS },
      { nodeId: 2n, pairingId: 2n, applicationId: 1n, stakeCap: 40_000n * METIS, remaining: 40_000n * METIS },
      { nodeId: 3n, pairingId: 3n, applicationId: 2n, stakeCap: 30_000n * METIS, remaining: 30_000n * METIS },
      { nodeId: 4n, pairingId: 4n, applicationId: 2n, stakeCap: 25_000n * METIS, remaining: 25_000n * METIS },
    ]);
  });

  test("active pairings skip an unpaired node; a reader pinned to a block sees the past", async () => {
    const before = await devnet.client.getBlockNumber();
    const operator = devnet.wallet(DEV_KEYS[2]!); // node 2's operator
    const { request } = await devnet.client.simulateContract({
      address: devnet.registry, abi: lstRegistryAbi, functionName: "unpair",
      args: [2n, "moving to another LST"], account: operator.account,
    });
    await devnet.client.waitForTransactionReceipt({ hash: await operator.writeContract(request) });
    const pairings = await collect(devnet.reader.activePairings({ pageSize: 2 }));
    expect(pairings.map((p) => p.nodeId)).toEqual([1n, 3n, 4n]);
    expect(await devnet.reader.pairing(2)).toMatchObject({ active: false, stakeCap: 40_000n * METIS });
    const past = createRegistryReader({ client: devnet.client, address: devnet.registry, blockNumber: before });
    expect((await collect(past.activePairings())).map((p) => p.nodeId)).toEqual([1n, 2n, 3n, 4n]);
    expect(await past.pairingNonce()).toBe(4n);
    expect(await devnet.reader.pairingNonce()).toBe(5n);
  });

  test("a page size below 1 is refused (above 100 it is clipped: the 500 case above)", async () => {
    await expect(collect(devnet.reader.nodeIds({ pageSize: 0 }))).rejects.toThrow(RangeError);
  });
});
