// The views: the program (phase, node limit, oracle set, rules, roles), the rounds (each
// application's votes as bars against the round's own rules, its rank and outcome) and the
// nodes (pairings, cap, stake and remaining capacity as bars, history, links).
import { ApplicationStatus, PHASE, type ApplicationDetails, type RoundWithRanking } from "@lst-registry/sdk";
import { bar, fill, h, uriLink } from "./dom";
import { count, days, metis, percent, time } from "./format";
import type { NodeView, RegistryState } from "./load";

/** A definition list from label/value pairs. */
function facts(pairs: [string, Node | string][]): HTMLElement {
  return h("dl", { class: "facts" }, pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function address(a: string): HTMLElement {
  return h("code", { class: "address" }, a);
}

/** The program section. */
export function renderProgram(el: Element, s: RegistryState): void {
  const { phase, rules, oracleSet, roles } = s;
  const limits = h(
    "ol",
    { class: "phases", start: 0 },
    s.phaseNodeLimits.map((limit, code) =>
      h("li", { class: code === phase.current ? "current" : "" }, `${PHASE[code] ?? code}: ${limit} nodes`),
    ),
  );
  const next = oracleSet.next
    ? h(
        "p",
        { class: "notice" },
        `Scheduled: epoch ${oracleSet.next.epoch}, ${oracleSet.next.threshold} of ${oracleSet.next.signers.length} signers, from ${time(oracleSet.next.at)}.`,
      )
    : null;
  fill(
    el,
    roles.paused ? h("p", { class: "notice error", id: "paused" }, "The registry is paused: its flows are stopped until the admin unpauses.") : null,
    h(
      "div",
      { class: "cards" },
      h(
        "article",
        { class: "card", id: "phase" },
        h("h3", {}, "Phase"),
        h("p", { class: "big", "data-phase": phase.name }, phase.name),
        bar("nodes", phase.nodeLimit, [{ value: phase.nodeCount, kind: "used" }], `${phase.nodeCount} of ${phase.nodeLimit} nodes (the limit in use)`),
        limits,
      ),
      h(
        "article",
        { class: "card", id: "oracles" },
        h("h3", {}, "Oracle set"),
        oracleSet.signers.length === 0
          ? h("p", { class: "empty" }, "No oracle set in force: no tally can be attested.")
          : [
              h("p", { class: "big" }, `${oracleSet.threshold} of ${oracleSet.signers.length}`, h("small", {}, ` signatures (epoch ${oracleSet.epoch})`)),
              h("ul", { class: "signers" }, oracleSet.signers.map((a) => h("li", {}, address(a)))),
            ],
        next,
        h("p", {}, `Changes take effect after ${days(oracleSet.delay)}.`),
      ),
      h(
        "article",
        { class: "card", id: "rules" },
        h("h3", {}, "Rules in force"),
        facts([
          ["Quorum", metis(rules.quorum)],
          ["Distinct voters", count(rules.minVoters)],
          ["Approval", `${percent(rules.approvalBps)} of For + Against`],
          ["Attestation window", days(rules.attestationWindow)],
          ["Stake cap", `${metis(rules.minCap)} to ${metis(rules.maxCap)}`],
          ["Snapshot space", rules.snapshotSpace],
          ["Counting", rules.countingMode],
        ]),
      ),
      h(
        "article",
        { class: "card", id: "roles" },
        h("h3", {}, "Roles"),
        facts([
          ["Admin", address(roles.admin)],
          ["Pending admin", roles.pendingAdmin ? address(roles.pendingAdmin) : "none"],
          ["Guardian", address(roles.guardian)],
          ["Views program", address(roles.viewsProgram)],
          ["Admin program", address(roles.adminProgram)],
          ["Chain", `${s.chainId}, block ${s.blockNumber}`],
        ]),
      ),
    ),
  );
}

/** The rounds section. */
export function renderRounds(el: Element, s: RegistryState): void {
  if (s.rounds.length === 0) {
    fill(el, h("p", { class: "empty", id: "no-rounds" }, "No round has been opened yet: the admin opens one with openRound."));
    return;
  }
  fill(
    el,
    s.rounds.map((r) => renderRound(r)),
    s.roundsNotShown > 0n ? h("p", { class: "empty" }, `${s.roundsNotShown} older rounds are not shown.`) : null,
  );
}

function renderRound(r: RoundWithRanking): HTMLElement {
  const ownRules = `quorum ${metis(r.quorum)}, ${count(r.minVoters)} voters, approval ${percent(r.approvalBps)}, attestation window ${days(r.attestationWindow)}`;
  return h(
    "article",
    { class: "round", "data-round": String(r.id) },
    h("h3", {}, `Round ${r.id} `, h("span", { class: `status status-${r.statusName}` }, r.statusName)),
    h("p", { class: "meaning" }, `${capitalise(r.statusMeaning)}. ${r.slots} slots; opened in phase ${r.phaseName}.`),
    facts([
      ["Applications", `${r.applications} (${r.live} live, ${r.tallied} tallied, ${r.passed} passed, ${r.qualified} qualified)`],
      ["Deadline", time(r.deadline)],
      ["Attestation deadline", time(r.attestationDeadline)],
      ["This round's rules", ownRules],
    ]),
    r.applicationList.length === 0
      ? h("p", { class: "empty" }, "No application in this round yet.")
      : h("div", { class: "applications" }, r.applicationList.map((a) => renderApplication(a, r))),
  );
}

const FAILED = new Set<number>([
  ApplicationStatus.FailedQuorum,
  ApplicationStatus.FailedVoters,
  ApplicationStatus.FailedApproval,
  ApplicationStatus.NotAttested,
  ApplicationStatus.NotSelected,
]);

function renderApplication(a: ApplicationDetails, r: RoundWithRanking): HTMLElement {
  const t = a.tally;
  const total = t.forVotes + t.againstVotes + t.abstainVotes;
  const decided = t.forVotes + t.againstVotes;
  const approvalBps = decided === 0n ? 0 : Number((t.forVotes * 10_000n) / decided);
  const weightScale = total > r.quorum ? total : r.quorum;
  const voterScale = Math.max(t.voters, r.minVoters);
  const qualified = a.status === ApplicationStatus.Qualified;
  const outcome = qualified
    ? h("p", { class: "outcome qualified" }, `Qualified, rank ${a.rank}: nodes may pair with it.`)
    : FAILED.has(a.status)
      ? h("p", { class: "outcome failed" }, `${a.statusName}${a.rank > 0 ? `, rank ${a.rank}` : ""}: ${a.statusMeaning}.`)
      : h("p", { class: "outcome" }, `${a.statusName}: ${a.statusMeaning}.`);
  return h(
    "div",
    { class: `application${qualified ? " is-qualified" : ""}`, "data-application": String(a.id) },
    h(
      "h4",
      {},
      a.rank > 0 ? h("span", { class: "rank" }, `#${a.rank}`) : null,
      `${a.name} `,
      h("small", {}, `application ${a.id}`),
    ),
    outcome,
    t.attested
      ? [
          bar(
            "weight",
            weightScale,
            [
              { value: t.forVotes, kind: "for", label: `For ${metis(t.forVotes)}` },
              { value: t.againstVotes, kind: "against", label: `Against ${metis(t.againstVotes)}` },
              { value: t.abstainVotes, kind: "abstain", label: `Abstain ${metis(t.abstainVotes)}` },
            ],
            `For ${metis(t.forVotes)} · Against ${metis(t.againstVotes)} · Abstain ${metis(t.abstainVotes)} (quorum ${metis(r.quorum)})`,
            { at: r.quorum, label: `quorum ${metis(r.quorum)}`, met: total >= r.quorum },
          ),
          bar("voters", voterScale, [{ value: t.voters, kind: "voters" }], `${count(t.voters)} voters (at least ${count(r.minVoters)})`, {
            at: r.minVoters,
            label: `${r.minVoters} voters`,
            met: t.voters >= r.minVoters,
          }),
          bar("approval", 10_000, [{ value: approvalBps, kind: "for" }], `${percent(approvalBps)} For (at least ${percent(r.approvalBps)})`, {
            at: r.approvalBps,
            label: `approval ${percent(r.approvalBps)}`,
            met: approvalBps >= r.approvalBps,
          }),
        ]
      : h("p", { class: "empty" }, "No tally attested yet."),
    facts([
      ["Applicant", address(a.applicant)],
      ["Staking contract", address(a.stakingContract)],
      ["Snapshot", `${a.snapshotSpace} · proposal ${a.snapshotProposal}`],
      ["Metadata", uriLink(a.metadataUri)],
      ["Eligibility", `${a.eligibility.eligible ? "eligible" : "not eligible"} (${a.eligibility.reason})`],
    ]),
  );
}

/** The nodes section. */
export function renderNodes(el: Element, s: RegistryState): void {
  if (s.nodes.length === 0) {
    fill(el, h("p", { class: "empty", id: "no-nodes" }, "No node is registered yet: the admin registers nodes with registerNode."));
    return;
  }
  fill(
    el,
    h("div", { class: "nodes" }, s.nodes.map((n) => renderNode(n, s))),
    s.pairingsNotShown > 0n ? h("p", { class: "empty" }, `${s.pairingsNotShown} older pairings are not shown.`) : null,
  );
}

function lstName(s: RegistryState, id: bigint): string {
  const a = s.applications.get(id);
  return a ? `${a.name} (application ${id})` : `application ${id}`;
}

function renderNode(n: NodeView, s: RegistryState): HTMLElement {
  const current = n.pairings.find((p) => p.active && p.id === n.activePairing);
  let pairing: Node;
  if (current) {
    const remaining = n.active?.remaining ?? current.stakeCap - current.stake;
    pairing = h(
      "div",
      { class: "pairing active", "data-pairing": String(current.id) },
      h("p", {}, "Paired with ", h("strong", {}, lstName(s, current.applicationId)), ` (pairing ${current.id}, since ${time(current.startedAt)})`),
      bar(
        "stake",
        current.stakeCap,
        [{ value: current.stake, kind: "stake" }],
        `${metis(current.stake)} reported of a ${metis(current.stakeCap)} cap; ${metis(remaining)} remaining`,
      ),
      bar(
        "cap",
        s.rules.maxCap,
        [{ value: current.stakeCap, kind: "cap" }],
        `cap ${metis(current.stakeCap)} (bounds ${metis(s.rules.minCap)} to ${metis(s.rules.maxCap)})`,
        { at: s.rules.minCap, label: `min cap ${metis(s.rules.minCap)}`, met: !current.capOutOfBounds },
      ),
      current.capOutOfBounds ? h("p", { class: "notice" }, "This cap lies outside the bounds now in force (set before they changed).") : null,
      h("p", {}, "Announcement: ", uriLink(current.announcementUri)),
    );
  } else {
    pairing = h("p", { class: "empty" }, "Not paired.");
  }
  const history = n.pairings.filter((p) => p !== current);
  return h(
    "article",
    { class: "node", "data-node": String(n.id) },
    h("h3", {}, `Node ${n.id}`),
    facts([
      ["Operator", address(n.operator)],
      ["Sequencer signer", address(n.sequencerSigner)],
      ["Registered", `${time(n.registeredAt)} in phase ${n.registeredPhaseName}`],
      ["Metadata", uriLink(n.metadataUri)],
    ]),
    pairing,
    history.length === 0
      ? null
      : h(
          "details",
          { class: "history" },
          h("summary", {}, `Pairing history (${history.length})`),
          h(
            "ul",
            {},
            history.map((p) =>
              h(
                "li",
                { "data-pairing": String(p.id) },
                `Pairing ${p.id}: ${lstName(s, p.applicationId)}, cap ${metis(p.stakeCap)}, stake ${metis(p.stake)}, ${time(p.startedAt)} to ${time(p.endedAt)} · `,
                uriLink(p.announcementUri, "announcement"),
              ),
            ),
          ),
        ),
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
