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

mod nodes;
mod oracle;
mod roles;
mod rounds;
mod rules;

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

/// Whether an application in `status` never had a tally attested (pending, withdrawn, or
/// failed as not attested): revoking it releases its proposal.
pub(crate) fn never_attested(status: u8) -> bool {
    status == PENDING || status == WITHDRAWN || status == NOT_ATTESTED
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
    /// Right after the constructor with `admin`, the views program `views` and the admin
    /// program `admin_program`, at `now`; `addresses` are the signer-map entries tracked.
    pub(crate) fn deployed(
        admin: Address,
        (views, admin_program): (Address, Address),
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
            // the constructor writes version 1 of the vote rules, and its window beside it
            rules_version: 1,
            rules_window: DEFAULT_WINDOW,
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
            admin_program,
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
