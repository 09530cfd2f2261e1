//! The reference model of the registry: its whole stored state (as [`ChainState`]) and, for
//! each call, the exact outcome — the return value or the custom error, checked in the order
//! the contract documents — and the state after it. Written from the interface and the
//! module docs of `src/`, independently of the contract's code paths (no shared code).

#![allow(dead_code)]

use alloy_primitives::{keccak256, Address, U256};
use lst_registry_adversarial::layout::{
    AppRec, ChainState, NodeRec, OracleSet, PairingRec, RoundRec, VoteRulesRec,
};
use lst_registry_adversarial::sign::{self, Counts, Subject};
use lst_registry_adversarial::{RegistryError, I, MAX_AMOUNT};

/// What a call is predicted to do: its return data or its custom error.
pub(crate) type Prediction = Result<Vec<u8>, RegistryError>;

/// Largest node limit of any phase.
pub(crate) const MAX_NODE_LIMIT: u16 = 4096;
/// Most eligible slots of a round.
pub(crate) const MAX_SLOTS: u8 = 32;
/// Most applications of a round.
pub(crate) const MAX_APPLICATIONS: u16 = 128;
/// Most oracle signers.
pub(crate) const MAX_ORACLES: usize = 16;
/// The program's Snapshot space until the admin sets another.
pub(crate) const DEFAULT_SPACE: &str = "metislayer2.eth";
/// `RegistryInvalidLength` field of a Snapshot space.
pub(crate) const FIELD_SPACE: u8 = 7;

/// Round statuses.
pub(crate) const OPEN: u8 = 1;
pub(crate) const CLOSED: u8 = 2;
pub(crate) const FINALISED: u8 = 3;
/// Application statuses.
pub(crate) const PENDING: u8 = 1;
pub(crate) const WITHDRAWN: u8 = 2;
pub(crate) const TALLIED: u8 = 3;
pub(crate) const QUALIFIED: u8 = 4;
pub(crate) const NOT_SELECTED: u8 = 5;
pub(crate) const FAILED_QUORUM: u8 = 6;
pub(crate) const FAILED_VOTERS: u8 = 7;
pub(crate) const FAILED_APPROVAL: u8 = 8;
pub(crate) const NOT_ATTESTED: u8 = 9;
pub(crate) const REVOKED: u8 = 10;

/// Default attestation window (14 days) and its bounds (one day to 90 days).
pub(crate) const DEFAULT_WINDOW: u32 = 14 * 86_400;
pub(crate) const WINDOW_BOUNDS: (u32, u32) = (86_400, 90 * 86_400);
/// Default oracle-set delay (two days) and its bounds (one day to 30 days).
pub(crate) const DEFAULT_ORACLE_DELAY: u32 = 2 * 86_400;
pub(crate) const ORACLE_DELAY_BOUNDS: (u32, u32) = (86_400, 30 * 86_400);

/// Whether an application in `status` takes part in its round (not withdrawn, not revoked).
pub(crate) fn is_live(status: u8) -> bool {
    status != WITHDRAWN && status != REVOKED
}

/// The ABI word of a u64 return value.
pub(crate) fn ret_id(id: u64) -> Vec<u8> {
    U256::from(id).to_be_bytes::<32>().to_vec()
}

/// `value` as a stored amount, if it fits.
pub(crate) fn amount(value: U256) -> Option<u128> {
    if value > U256::from(MAX_AMOUNT) {
        None
    } else {
        Some(value.to::<u128>())
    }
}

fn err(e: impl Into<RegistryError>) -> RegistryError {
    e.into()
}

fn length_error(field: u8, len: usize, min: usize, max: usize) -> RegistryError {
    err(I::RegistryInvalidLength {
        field,
        length: U256::from(len),
        min: U256::from(min),
        max: U256::from(max),
    })
}

fn check_length(text: &str, field: u8, min: usize, max: usize) -> Result<(), RegistryError> {
    if text.len() < min || text.len() > max {
        return Err(length_error(field, text.len(), min, max));
    }
    Ok(())
}

/// The model: the expected storage, the clock, and what the digest binds.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    /// The registry's state as it must be stored.
    pub s: ChainState,
    /// Block timestamp.
    pub now: u64,
    /// Chain id of the devnet.
    pub chain_id: u64,
    /// The registry's address.
    pub registry: Address,
    /// The events the last call is predicted to emit, for the calls whose events the model
    /// predicts (`finaliseRound`, `revokeApplication`, `setPhaseNodeLimit`, `reportStake`),
    /// as [`event`] summaries; `None` for the others.
    pub events: Option<Vec<String>>,
}

/// A short summary of an event with its identifying arguments, as the model predicts them.
pub(crate) fn event(name: &str, args: &[u128]) -> String {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    format!("{name}({})", args.join(", "))
}

impl Model {
    /// Right after the constructor with `admin` and the views program `views`, at `now`;
    /// `addresses` are the signer-map entries tracked.
    pub(crate) fn deployed(
        admin: Address,
        views: Address,
        now: u64,
        chain_id: u64,
        registry: Address,
        addresses: &[Address],
    ) -> Self {
        let s = ChainState {
            admin,
            guardian: admin,
            // the constructor writes the oracle-set delay (and no set)
            oracle_delay: DEFAULT_ORACLE_DELAY,
            // the constructor writes version 1 of the vote rules
            rules_version: 1,
            vote_rules: vec![VoteRulesRec {
                quorum: 20_000 * lst_registry_adversarial::METIS,
                min_voters: 500,
                approval_bps: 8_000,
                attestation_window: DEFAULT_WINDOW,
            }],
            program_space_hash: keccak256(DEFAULT_SPACE),
            program_space: DEFAULT_SPACE.to_string(),
            node_limits: [4, 4, 16, 64],
            min_cap: 20_000 * lst_registry_adversarial::METIS,
            max_cap: 100_000 * lst_registry_adversarial::METIS,
            views_program: views,
            signer_nodes: addresses.iter().map(|a| (*a, 0)).collect(),
            ..ChainState::default()
        };
        Self {
            s,
            now,
            chain_id,
            registry,
            events: None,
        }
    }

    /// Runs `f` on a copy and keeps the copy only if `f` succeeds: a failed call changes
    /// nothing.
    pub(crate) fn atomic(&mut self, f: impl FnOnce(&mut Model) -> Prediction) -> Prediction {
        self.events = None;
        let mut copy = self.clone();
        let result = f(&mut copy);
        if result.is_ok() {
            *self = copy;
        }
        result
    }

    // ------------------------------------------------------------------ helpers

    fn live(&self) -> Result<(), RegistryError> {
        if self.s.paused {
            return Err(err(I::RegistryPaused {}));
        }
        Ok(())
    }

    fn live_admin(&self, from: Address) -> Result<(), RegistryError> {
        self.live()?;
        self.admin(from)
    }

    /// The admin check alone: the recovery functions work paused.
    fn admin(&self, from: Address) -> Result<(), RegistryError> {
        if from != self.s.admin {
            return Err(err(I::RegistryNotAdmin { caller: from }));
        }
        Ok(())
    }

    /// The oracle set in force now: the set of the last change once its time has come, else
    /// the one before it.
    pub(crate) fn oracle(&self) -> OracleSet {
        self.s.oracle_at(self.now)
    }

    /// The signers of the oracle set in force now.
    pub(crate) fn oracle_set(&self) -> Vec<Address> {
        self.oracle().signers
    }

    /// The change scheduled after the set in force now, and when it takes effect.
    pub(crate) fn oracle_scheduled(&self) -> Option<(OracleSet, u64)> {
        self.s.oracle_scheduled(self.now)
    }

    fn round_index(&self, id: u64) -> Result<usize, RegistryError> {
        if id == 0 || id > self.s.round_count as u64 {
            return Err(err(I::RegistryUnknownRound { roundId: id }));
        }
        Ok(id as usize - 1)
    }

    fn app_index(&self, id: u64) -> Result<usize, RegistryError> {
        if id == 0 || id > self.s.application_count as u64 {
            return Err(err(I::RegistryUnknownApplication { applicationId: id }));
        }
        Ok(id as usize - 1)
    }

    fn node_index(&self, id: u64) -> Result<usize, RegistryError> {
        if id == 0 || id > self.s.node_count as u64 {
            return Err(err(I::RegistryUnknownNode { nodeId: id }));
        }
        Ok(id as usize - 1)
    }

    fn operator_or_admin(
        &self,
        id: u64,
        node: usize,
        from: Address,
        admin_too: bool,
    ) -> Result<(), RegistryError> {
        if from == self.s.nodes[node].operator || (admin_too && from == self.s.admin) {
            return Ok(());
        }
        Err(err(I::RegistryNotNodeOperator {
            nodeId: id,
            caller: from,
        }))
    }

    fn checked_cap(&self, cap: U256) -> Result<u128, RegistryError> {
        match amount(cap) {
            Some(v) if v >= self.s.min_cap && v <= self.s.max_cap => Ok(v),
            _ => Err(err(I::RegistryInvalidStakeCap {
                cap,
                min: U256::from(self.s.min_cap),
                max: U256::from(self.s.max_cap),
            })),
        }
    }

    /// What an attestation of application `id` binds (zeros for an unknown id).
    pub(crate) fn subject(&self, id: u64) -> Subject {
        match self.app_index(id) {
            Ok(i) => {
                let a = &self.s.apps[i];
                Subject {
                    round: a.round as u64,
                    application: id,
                    applicant: a.applicant,
                    staking: a.staking,
                    content_hash: a.content_hash,
                    space: a.space.clone(),
                    proposal: a.proposal,
                }
            }
            Err(_) => Subject {
                round: 0,
                application: id,
                applicant: Address::ZERO,
                staking: Address::ZERO,
                content_hash: Default::default(),
                space: String::new(),
                proposal: Default::default(),
            },
        }
    }

    /// The digest the registry checks for `counts` of application `id` now.
    pub(crate) fn digest(&self, id: u64, counts: &Counts) -> alloy_primitives::B256 {
        sign::digest(
            self.chain_id,
            self.registry,
            &self.subject(id),
            counts,
            self.oracle().epoch,
        )
    }

    // ------------------------------------------------------------------ roles

    // The recovery functions (transferAdmin, acceptAdmin, setGuardian, setOracleSet) work
    // while paused: no pause check.

    pub(crate) fn transfer_admin(&mut self, from: Address, new_admin: Address) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            m.s.pending_admin = new_admin;
            Ok(vec![])
        })
    }

    pub(crate) fn accept_admin(&mut self, from: Address) -> Prediction {
        self.atomic(|m| {
            let pending = m.s.pending_admin;
            if pending.is_zero() || from != pending {
                return Err(err(I::RegistryNotPendingAdmin {
                    caller: from,
                    pendingAdmin: pending,
                }));
            }
            m.s.admin = from;
            m.s.pending_admin = Address::ZERO;
            Ok(vec![])
        })
    }

    pub(crate) fn set_guardian(&mut self, from: Address, guardian: Address) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            if guardian.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 1 }));
            }
            m.s.guardian = guardian;
            Ok(vec![])
        })
    }

    pub(crate) fn pause(&mut self, from: Address) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            if from != m.s.admin && from != m.s.guardian {
                return Err(err(I::RegistryNotGuardian { caller: from }));
            }
            m.s.paused = true;
            Ok(vec![])
        })
    }

    pub(crate) fn unpause(&mut self, from: Address) -> Prediction {
        self.atomic(|m| {
            if !m.s.paused {
                return Err(err(I::RegistryNotPaused {}));
            }
            if from != m.s.admin {
                return Err(err(I::RegistryNotAdmin { caller: from }));
            }
            m.s.paused = false;
            Ok(vec![])
        })
    }

    // ------------------------------------------------------------------ oracle set, tallies

    pub(crate) fn set_oracle_set(
        &mut self,
        from: Address,
        signers: &[Address],
        threshold: u8,
    ) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            let n = signers.len();
            // a strict majority of 1 to 16 signers: 2 × threshold > n, threshold ≤ n
            if n == 0 || n > MAX_ORACLES || 2 * threshold as usize <= n || threshold as usize > n {
                return Err(err(I::RegistryInvalidOracleSet {
                    signers: U256::from(n),
                    threshold,
                    maxSigners: U256::from(MAX_ORACLES),
                }));
            }
            let mut previous = Address::ZERO;
            for (i, s) in signers.iter().enumerate() {
                if *s <= previous {
                    return Err(err(I::RegistryInvalidOracleSigner {
                        index: U256::from(i),
                        signer: *s,
                    }));
                }
                previous = *s;
            }
            // the set in force now is what the record holds from here on (a scheduled set
            // whose time has come is replaced in the record by nothing but its epoch moving in)
            let in_force = m.oracle();
            if in_force.epoch != m.s.oracle_epoch {
                m.s.oracle_epoch = in_force.epoch;
                m.s.oracle_threshold = in_force.threshold;
                m.s.oracle_size = in_force.signers.len() as u8;
            }
            // a fresh epoch for every change, also one replacing a scheduled change
            let epoch = m.s.oracle_last_epoch.wrapping_add(1);
            m.s.oracle_last_epoch = epoch;
            let mut slots = signers.to_vec();
            slots.resize(MAX_ORACLES, Address::ZERO);
            m.s.oracle_sets.push(slots);
            m.s.oracle_next_threshold = threshold;
            m.s.oracle_next_size = n as u8;
            // in force at once for the first set and while paused, else after the delay
            m.s.oracle_next_at = if in_force.epoch == 0 || m.s.paused {
                m.now
            } else {
                m.now.saturating_add(u64::from(m.s.oracle_delay))
            };
            m.events = Some(vec![event(
                "OracleSetChanged",
                &[
                    u128::from(epoch),
                    n as u128,
                    u128::from(threshold),
                    u128::from(m.s.oracle_next_at),
                ],
            )]);
            Ok(vec![])
        })
    }

    pub(crate) fn set_oracle_set_delay(&mut self, from: Address, delay: u32) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let (min, max) = ORACLE_DELAY_BOUNDS;
            if delay < min || delay > max {
                return Err(err(I::RegistryInvalidOracleSetDelay { delay, min, max }));
            }
            m.s.oracle_delay = delay;
            m.events = Some(vec![event("OracleSetDelayChanged", &[u128::from(delay)])]);
            Ok(vec![])
        })
    }

    pub(crate) fn attest_tally(
        &mut self,
        id: u64,
        counts: &Counts,
        signatures: &[u8],
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let i = m.app_index(id)?;
            let status = m.s.apps[i].status;
            if status != PENDING {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: id,
                    status,
                    expected: PENDING,
                }));
            }
            // after the round's attestation deadline the round may finalise without it
            let round = m.s.apps[i].round;
            let deadline = m.s.rounds[round as usize - 1].attestation_deadline;
            if m.now > deadline {
                return Err(err(I::RegistryDeadline {
                    roundId: round as u64,
                    deadline,
                    now: m.now,
                }));
            }
            for value in [counts.for_votes, counts.against_votes, counts.abstain_votes] {
                if amount(value).is_none() {
                    return Err(err(I::RegistryAmountTooLarge {
                        amount: value,
                        max: U256::from(MAX_AMOUNT),
                    }));
                }
            }
            // the set in force at this block: a scheduled set only from its time on
            let set = m.oracle();
            let digest = m.digest(id, counts);
            sign::verify(signatures, digest, &set.signers, set.threshold)?;
            let epoch = set.epoch;
            let app = &mut m.s.apps[i];
            app.status = TALLIED;
            app.for_votes = amount(counts.for_votes).unwrap_or_default();
            app.against_votes = amount(counts.against_votes).unwrap_or_default();
            app.abstain_votes = amount(counts.abstain_votes).unwrap_or_default();
            app.voters = counts.voters;
            app.oracle_epoch = epoch;
            Ok(vec![])
        })
    }

    // ------------------------------------------------------------------ rules and phases

    pub(crate) fn set_vote_rules(
        &mut self,
        from: Address,
        quorum: U256,
        min_voters: u32,
        approval_bps: u16,
        window: u32,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let q = match amount(quorum) {
                Some(q) if q != 0 => q,
                _ => {
                    return Err(err(I::RegistryInvalidQuorum {
                        quorum,
                        max: U256::from(MAX_AMOUNT),
                    }))
                }
            };
            if min_voters == 0 {
                return Err(err(I::RegistryInvalidMinVoters {
                    minVoters: min_voters,
                }));
            }
            if approval_bps <= 5_000 || approval_bps > 10_000 {
                return Err(err(I::RegistryInvalidApproval {
                    approvalBps: approval_bps,
                }));
            }
            let (lo, hi) = WINDOW_BOUNDS;
            if window < lo || window > hi {
                return Err(err(I::RegistryInvalidAttestationWindow {
                    window,
                    min: lo,
                    max: hi,
                }));
            }
            // a new version, in force for the rounds opened from now on
            m.s.rules_version += 1;
            m.s.vote_rules.push(VoteRulesRec {
                quorum: q,
                min_voters,
                approval_bps,
                attestation_window: window,
            });
            Ok(vec![])
        })
    }

    pub(crate) fn set_snapshot_space(&mut self, from: Address, space: &str) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            check_length(space, FIELD_SPACE, 1, 64)?;
            m.s.program_space = space.to_string();
            m.s.program_space_hash = keccak256(space);
            Ok(vec![])
        })
    }

    pub(crate) fn set_stake_cap_bounds(
        &mut self,
        from: Address,
        min: U256,
        max: U256,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            match (amount(min), amount(max)) {
                (Some(lo), Some(hi)) if lo != 0 && lo <= hi => {
                    m.s.min_cap = lo;
                    m.s.max_cap = hi;
                    Ok(vec![])
                }
                _ => Err(err(I::RegistryInvalidStakeCapBounds {
                    min,
                    max,
                    ceiling: U256::from(MAX_AMOUNT),
                })),
            }
        })
    }

    pub(crate) fn set_phase_node_limit(
        &mut self,
        from: Address,
        phase: u8,
        limit: u16,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let limits = m.s.node_limits;
            let (min, max) = if phase > 3 {
                (0, 0)
            } else if phase < m.s.phase {
                (limits[phase as usize], limits[phase as usize])
            } else {
                let mut min = if phase == m.s.phase {
                    m.s.node_count
                } else {
                    0
                };
                if phase > 0 {
                    min = min.max(limits[phase as usize - 1]);
                }
                let max = if phase < 3 {
                    limits[phase as usize + 1]
                } else {
                    MAX_NODE_LIMIT
                };
                (min, max)
            };
            if phase > 3 || limit < min || limit > max {
                return Err(err(I::RegistryInvalidNodeLimit {
                    phase,
                    limit,
                    min,
                    max,
                }));
            }
            // the limit in force already: nothing written, nothing emitted
            m.events = Some(if m.s.node_limits[phase as usize] == limit {
                vec![]
            } else {
                vec![event(
                    "PhaseNodeLimitChanged",
                    &[phase as u128, limit as u128],
                )]
            });
            m.s.node_limits[phase as usize] = limit;
            Ok(vec![])
        })
    }

    pub(crate) fn advance_phase(&mut self, from: Address, to: u8) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let current = m.s.phase;
            if current >= 3 || to as u16 != current as u16 + 1 {
                return Err(err(I::RegistryInvalidPhaseTransition { from: current, to }));
            }
            m.s.phase = to;
            Ok(vec![])
        })
    }

    // ------------------------------------------------------------------ Stage 1

    pub(crate) fn open_round(&mut self, from: Address, slots: u8, deadline: u64) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            if slots == 0 || slots > MAX_SLOTS || deadline <= m.now {
                return Err(err(I::RegistryInvalidRoundConfig {
                    slots,
                    deadline,
                    now: m.now,
                    maxSlots: MAX_SLOTS,
                }));
            }
            if let Some(last) = m.s.rounds.last() {
                if last.status == OPEN {
                    return Err(err(I::RegistryWrongRoundStatus {
                        roundId: m.s.round_count as u64,
                        status: OPEN,
                        expected: CLOSED,
                    }));
                }
            }
            m.s.round_count += 1;
            m.s.rounds.push(RoundRec {
                slots,
                status: OPEN,
                phase: m.s.phase,
                first_application: m.s.application_count + 1,
                deadline,
                rules_version: m.s.rules_version,
                attestation_deadline: deadline
                    .saturating_add(m.s.rules().attestation_window as u64),
                ..RoundRec::default()
            });
            Ok(ret_id(m.s.round_count as u64))
        })
    }

    pub(crate) fn close_round(&mut self, from: Address, id: u64) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let r = m.round_index(id)?;
            let round = &mut m.s.rounds[r];
            if round.status != OPEN {
                return Err(err(I::RegistryWrongRoundStatus {
                    roundId: id,
                    status: round.status,
                    expected: OPEN,
                }));
            }
            if m.now <= round.deadline && from != m.s.admin {
                return Err(err(I::RegistryDeadline {
                    roundId: id,
                    deadline: round.deadline,
                    now: m.now,
                }));
            }
            round.status = CLOSED;
            Ok(vec![])
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn submit_application(
        &mut self,
        from: Address,
        call: &I::submitApplicationCall,
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let round_id = m.s.round_count;
            let open = m.s.rounds.last().map(|r| r.status == OPEN).unwrap_or(false);
            if !open {
                return Err(err(I::RegistryNoOpenRound {}));
            }
            let round = m.s.rounds.last().cloned().unwrap_or_default();
            if m.now > round.deadline {
                return Err(err(I::RegistryDeadline {
                    roundId: round_id as u64,
                    deadline: round.deadline,
                    now: m.now,
                }));
            }
            if round.applications >= MAX_APPLICATIONS {
                return Err(err(I::RegistryRoundFull {
                    roundId: round_id as u64,
                    max: MAX_APPLICATIONS,
                }));
            }
            check_length(&call.name, 5, 1, 64)?;
            check_length(&call.metadataUri, 6, 1, 256)?;
            check_length(&call.snapshotSpace, 7, 1, 64)?;
            if call.contentHash.is_zero() {
                return Err(err(I::RegistryZeroHash { field: 8 }));
            }
            if call.snapshotProposal.is_zero() {
                return Err(err(I::RegistryZeroHash { field: 9 }));
            }
            if call.stakingContract.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 2 }));
            }
            let space_hash = keccak256(&call.snapshotSpace);
            if space_hash != m.s.program_space_hash {
                return Err(err(I::RegistryWrongSnapshotSpace {
                    spaceHash: space_hash,
                    expectedHash: m.s.program_space_hash,
                }));
            }
            // a released proposal (its application revoked before any tally) records 0
            match m.s.proposal_uses.get(&call.snapshotProposal) {
                Some(earlier) if *earlier != 0 => {
                    return Err(err(I::RegistryProposalUsed {
                        snapshotProposal: call.snapshotProposal,
                        applicationId: *earlier as u64,
                    }))
                }
                _ => {}
            }
            // one live application per applicant, then per staking contract, in a round
            for (role, account) in [(0u8, from), (1, call.stakingContract)] {
                if let Some((round, app)) = m.s.account_uses.get(&(role, account)) {
                    if *round == round_id && is_live(m.s.apps[*app as usize - 1].status) {
                        return Err(err(I::RegistryAlreadyApplied {
                            account,
                            applicationId: *app as u64,
                        }));
                    }
                }
            }
            m.s.application_count += 1;
            let id = m.s.application_count;
            m.s.proposal_uses.insert(call.snapshotProposal, id);
            m.s.account_uses.insert((0, from), (round_id, id));
            m.s.account_uses
                .insert((1, call.stakingContract), (round_id, id));
            let last = m.s.rounds.last_mut().expect("open round");
            last.applications += 1;
            m.s.apps.push(AppRec {
                applicant: from,
                round: round_id,
                status: PENDING,
                staking: call.stakingContract,
                content_hash: call.contentHash,
                proposal: call.snapshotProposal,
                space: call.snapshotSpace.clone(),
                name: call.name.clone(),
                uri: call.metadataUri.clone(),
                ..AppRec::default()
            });
            Ok(ret_id(m.s.application_count as u64))
        })
    }

    pub(crate) fn withdraw_application(&mut self, from: Address, id: u64) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let i = m.app_index(id)?;
            let app = &mut m.s.apps[i];
            if from != app.applicant {
                return Err(err(I::RegistryNotApplicant {
                    applicationId: id,
                    caller: from,
                }));
            }
            if app.status != PENDING {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: id,
                    status: app.status,
                    expected: PENDING,
                }));
            }
            app.status = WITHDRAWN;
            Ok(vec![])
        })
    }

    /// Live (neither withdrawn nor revoked) and tallied (live, with a tally: neither pending
    /// nor not attested) applications of round `id`, as the `round` view reports them.
    pub(crate) fn census(&self, id: u64) -> (u16, u16) {
        let apps = self
            .s
            .apps
            .iter()
            .filter(|a| a.round as u64 == id && is_live(a.status));
        let live: Vec<_> = apps.collect();
        (
            live.len() as u16,
            live.iter()
                .filter(|a| a.status != PENDING && a.status != NOT_ATTESTED)
                .count() as u16,
        )
    }

    /// The vote rules that decide round `id`: the version in force when it opened.
    pub(crate) fn round_rules(&self, id: u64) -> VoteRulesRec {
        let version = self
            .s
            .rounds
            .get((id as usize).wrapping_sub(1))
            .map(|r| r.rules_version)
            .unwrap_or(0);
        self.s.rules_of(version)
    }

    pub(crate) fn finalise_round(&mut self, id: u64) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let r = m.round_index(id)?;
            let round = m.s.rounds[r].clone();
            if round.status != CLOSED {
                return Err(err(I::RegistryWrongRoundStatus {
                    roundId: id,
                    status: round.status,
                    expected: CLOSED,
                }));
            }
            let (live, tallied) = m.census(id);
            // missing tallies hold the round until its attestation deadline only
            if tallied != live && m.now <= round.attestation_deadline {
                return Err(err(I::RegistryTalliesMissing {
                    roundId: id,
                    tallied,
                    live,
                }));
            }
            // the rules of the round, not the ones in force now
            let rules = m.round_rules(id);
            let mut passed: Vec<(usize, u128)> = Vec::new();
            let mut events = Vec::new();
            let first = round.first_application as usize - 1;
            for i in first..first + round.applications as usize {
                let failure = match m.s.apps[i].status {
                    // no tally by the attestation deadline
                    PENDING => Some(NOT_ATTESTED),
                    TALLIED => judge(&rules, &m.s.apps[i]),
                    _ => continue, // withdrawn or revoked: nothing
                };
                match failure {
                    Some(failure) => {
                        m.s.apps[i].status = failure;
                        events.push(event(
                            "ApplicationFailed",
                            &[id as u128, i as u128 + 1, failure as u128],
                        ));
                    }
                    None => passed.push((i, m.s.apps[i].for_votes)),
                }
            }
            // most For weight first; ties to the earlier application
            passed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let qualified = passed.len().min(round.slots as usize);
            for (rank, (i, _)) in passed.iter().enumerate() {
                m.s.apps[*i].rank = (rank + 1) as u8;
                let (status, name) = if rank < qualified {
                    (QUALIFIED, "ApplicationQualified")
                } else {
                    (NOT_SELECTED, "ApplicationPassed")
                };
                m.s.apps[*i].status = status;
                events.push(event(name, &[id as u128, *i as u128 + 1, rank as u128 + 1]));
            }
            events.push(event(
                "RoundFinalised",
                &[id as u128, passed.len() as u128, qualified as u128],
            ));
            m.events = Some(events);
            let round = &mut m.s.rounds[r];
            round.status = FINALISED;
            round.passed = passed.len() as u16;
            round.qualified = qualified as u8;
            Ok(vec![])
        })
    }

    // ------------------------------------------------------------------ Stage 2

    pub(crate) fn register_node(
        &mut self,
        from: Address,
        operator: Address,
        signer: Address,
        uri: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            if operator.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 3 }));
            }
            if signer.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 4 }));
            }
            check_length(uri, 10, 1, 256)?;
            let limit = m.s.node_limits[m.s.phase as usize];
            if m.s.node_count >= limit {
                return Err(err(I::RegistryNodeLimitReached {
                    phase: m.s.phase,
                    limit,
                }));
            }
            let key = m.s.node_count as u32 + 1;
            let user = m.s.signer_nodes.get(&signer).copied().unwrap_or(0);
            if user != 0 && user != key {
                return Err(err(I::RegistrySignerInUse {
                    signer,
                    nodeId: user as u64,
                }));
            }
            m.s.node_count += 1;
            m.s.signer_nodes.insert(signer, key);
            m.s.nodes.push(NodeRec {
                operator,
                active_pairing: 0,
                registered_phase: m.s.phase,
                signer,
                registered_at: m.now,
                uri: uri.to_string(),
            });
            Ok(ret_id(key as u64))
        })
    }

    pub(crate) fn update_node(
        &mut self,
        from: Address,
        id: u64,
        operator: Address,
        signer: Address,
        uri: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(id)?;
            m.operator_or_admin(id, n, from, true)?;
            if operator != m.s.nodes[n].operator && from != m.s.admin {
                return Err(err(I::RegistryNotAdmin { caller: from }));
            }
            if operator.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 3 }));
            }
            if signer.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 4 }));
            }
            check_length(uri, 10, 1, 256)?;
            let user = m.s.signer_nodes.get(&signer).copied().unwrap_or(0);
            if user != 0 && user != id as u32 {
                return Err(err(I::RegistrySignerInUse {
                    signer,
                    nodeId: user as u64,
                }));
            }
            // A signer change needs the admin (nothing proves the operator holds its key).
            if signer != m.s.nodes[n].signer && from != m.s.admin {
                return Err(err(I::RegistryNotAdmin { caller: from }));
            }
            if signer != m.s.nodes[n].signer {
                m.s.signer_nodes.insert(signer, id as u32);
                m.s.nodes[n].signer = signer;
            }
            m.s.nodes[n].operator = operator;
            m.s.nodes[n].uri = uri.to_string();
            Ok(vec![])
        })
    }

    pub(crate) fn pair(
        &mut self,
        from: Address,
        node: u64,
        app: u64,
        cap: U256,
        uri: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(node)?;
            m.operator_or_admin(node, n, from, false)?;
            let active = m.s.nodes[n].active_pairing;
            if active != 0 {
                return Err(err(I::RegistryNodeAlreadyPaired {
                    nodeId: node,
                    pairingId: active as u64,
                }));
            }
            let a = m.app_index(app)?;
            let status = m.s.apps[a].status;
            if status != QUALIFIED {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: app,
                    status,
                    expected: QUALIFIED,
                }));
            }
            let stake_cap = m.checked_cap(cap)?;
            check_length(uri, 11, 1, 256)?;
            m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
            m.s.pairing_count += 1;
            let id = m.s.pairing_count;
            m.s.nodes[n].active_pairing = id;
            m.s.pairings.push(PairingRec {
                node: node as u32,
                application: app as u32,
                stake_cap,
                stake: 0,
                started_at: m.now,
                ended_at: 0,
                uri: uri.to_string(),
            });
            Ok(ret_id(id as u64))
        })
    }

    pub(crate) fn unpair(&mut self, from: Address, node: u64, reason: &str) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(node)?;
            m.operator_or_admin(node, n, from, true)?;
            let active = m.s.nodes[n].active_pairing;
            if active == 0 {
                return Err(err(I::RegistryNodeNotPaired { nodeId: node }));
            }
            check_length(reason, 12, 0, 256)?;
            m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
            m.s.nodes[n].active_pairing = 0;
            m.s.pairings[active as usize - 1].ended_at = m.now;
            Ok(vec![])
        })
    }

    pub(crate) fn set_stake_cap(&mut self, from: Address, node: u64, cap: U256) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(node)?;
            m.operator_or_admin(node, n, from, true)?;
            let active = m.s.nodes[n].active_pairing;
            if active == 0 {
                return Err(err(I::RegistryNodeNotPaired { nodeId: node }));
            }
            let stake_cap = m.checked_cap(cap)?;
            let p = &mut m.s.pairings[active as usize - 1];
            if stake_cap < p.stake {
                return Err(err(I::RegistryCapBelowStake {
                    nodeId: node,
                    cap,
                    stake: U256::from(p.stake),
                }));
            }
            p.stake_cap = stake_cap;
            m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
            Ok(vec![])
        })
    }

    pub(crate) fn report_stake(&mut self, from: Address, pairing: u64, stake: U256) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            // the report names the pairing, which must be active
            if pairing == 0 || pairing > m.s.pairing_count as u64 {
                return Err(err(I::RegistryUnknownPairing { pairingId: pairing }));
            }
            let p = &mut m.s.pairings[pairing as usize - 1];
            if p.ended_at != 0 {
                return Err(err(I::RegistryPairingEnded { pairingId: pairing }));
            }
            let node = p.node as u64;
            let staking = m.s.apps[p.application as usize - 1].staking;
            if from != staking {
                return Err(err(I::RegistryNotStakingContract {
                    nodeId: node,
                    caller: from,
                    stakingContract: staking,
                }));
            }
            match amount(stake) {
                Some(v) if v <= p.stake_cap => p.stake = v,
                _ => {
                    return Err(err(I::RegistryStakeAboveCap {
                        nodeId: node,
                        stake,
                        cap: U256::from(p.stake_cap),
                    }))
                }
            }
            m.events = Some(vec![event(
                "StakeReported",
                &[node as u128, pairing as u128, stake.to::<u128>()],
            )]);
            Ok(vec![])
        })
    }

    /// `revokeApplication`: the admin's, also while paused (no pause check).
    pub(crate) fn revoke_application(
        &mut self,
        from: Address,
        id: u64,
        reason: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            let i = m.app_index(id)?;
            let previous = m.s.apps[i].status;
            if !is_live(previous) {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: id,
                    status: previous,
                    expected: QUALIFIED,
                }));
            }
            check_length(reason, 12, 1, 256)?;
            m.s.apps[i].status = REVOKED;
            let round = m.s.apps[i].round;
            // never attested: its proposal is released
            if previous == PENDING {
                m.s.proposal_uses.insert(m.s.apps[i].proposal, 0);
            }
            let mut events = vec![event(
                "ApplicationRevoked",
                &[
                    round as u128,
                    id as u128,
                    previous as u128,
                    reason.len() as u128,
                ],
            )];
            // a qualified one: every active pairing with it ends, node by node
            if previous == QUALIFIED {
                for n in 0..m.s.nodes.len() {
                    let active = m.s.nodes[n].active_pairing;
                    if active == 0 || m.s.pairings[active as usize - 1].application as u64 != id {
                        continue;
                    }
                    m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
                    m.s.nodes[n].active_pairing = 0;
                    m.s.pairings[active as usize - 1].ended_at = m.now;
                    events.push(event(
                        "NodeUnpaired",
                        &[
                            n as u128 + 1,
                            active as u128,
                            m.s.pairing_nonce as u128,
                            reason.len() as u128,
                        ],
                    ));
                }
            }
            m.events = Some(events);
            Ok(vec![])
        })
    }
}

/// The verdict of `rules` on an application's tally: `None` if it passes, else the failing
/// status (quorum first, then voters, then approval).
pub(crate) fn judge(rules: &VoteRulesRec, app: &AppRec) -> Option<u8> {
    let decided = app.for_votes + app.against_votes;
    if decided + app.abstain_votes < rules.quorum {
        return Some(FAILED_QUORUM);
    }
    if app.voters < rules.min_voters {
        return Some(FAILED_VOTERS);
    }
    if decided == 0 || app.for_votes * 10_000 < rules.approval_bps as u128 * decided {
        return Some(FAILED_APPROVAL);
    }
    None
}
