//! The registry's storage, decoded slot by slot after the layout table of `src/storage/`:
//!
//! | slot | record | fields (byte offset) |
//! | --- | --- | --- |
//! | 0 | Control | admin (0), paused (20), phase (21), node count (22), pairing nonce (24), last round closed (28) |
//! | 1 | Counters | round count (0), application count (4), vote-rules version (8), its attestation window (12) |
//! | 2 | Guardian | guardian (0) |
//! | 3 | PendingAdmin | pending admin (0) |
//! | 4 | OracleConfig | epoch (0), threshold (4), size (5), next threshold (6), next size (7), next time (8), delay (16), last epoch (20) |
//! | 5 | NodeLimits | node limit of each phase (0, 2, 4, 6) |
//! | 6 | Pairings | min cap (0), max cap (12), pairing count (24) |
//! | 7 | ViewsProgram | views program (0) |
//! | 8 | AdminProgram | admin program (0) |
//! | 24 | ProgramSpace | keccak256 of the program's Snapshot space |
//! | 25 | ProgramSpaceLen | length of the program's Snapshot space (0); its text is text kind 4, id 0 |
//! | K(id, 32) | Round | slots (0), status (1), phase (2), qualified (3), first application (4), applications (8), passed (10), deadline (12), vote-rules version (20), attestation deadline (24) |
//! | K(id, 33) + 0..5 | application | head (its tally's verdict at 30), staking, content hash, proposal, tally |
//! | K(id, 34) + 0..2 | node | head, signer |
//! | K(id, 35) + 0..2 | pairing | stake, term |
//! | K(signer, 36) | SignerNode | node |
//! | K(version, 37) | VoteRules | quorum (0), min voters (12), approval bps (16), attestation window (18) |
//! | K(proposal, 38) | ProposalUse | application (0) |
//! | K(role ‖ account, 39) | AccountUse | round (0), application (4): an applicant's (role 0) or a staking contract's (role 1) latest application; the key is the address word with the role in byte 0 |
//! | K(epoch, 40) + i | OracleSigner | signer i of the oracle set of that epoch (address at 12), i < 16 |
//!
//! `K(key, n) = keccak256(abi.encode(key, n))`; texts at `keccak256("lst-registry.text" ‖
//! kind ‖ id)` onwards. [`ChainState::read`] reads exactly these slots, so a test can compare
//! the whole state with a model after every transaction without running the contract.
//!
//! Deliberately independent of `lst-registry-client` (and of the contract's code): an oracle
//! of the storage layout, restated from the table, that the contract is checked against.

use std::collections::{BTreeMap, BTreeSet};

use alloy_primitives::{keccak256, Address, B256, U256};
use stylus_devnet::Devnet;

/// Most oracle signers (slots `K(epoch, 40) + 0..16`).
pub const MAX_ORACLES: usize = 16;

/// One oracle set: its epoch, threshold and signers (ascending).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OracleSet {
    /// The set's epoch (0: no set).
    pub epoch: u32,
    /// Signatures needed per tally.
    pub threshold: u8,
    /// The signers.
    pub signers: Vec<Address>,
}

/// A round record.
// Fields mirror the records of `src/storage/records.rs` one to one, documented there.
#[allow(missing_docs)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoundRec {
    pub slots: u8,
    pub status: u8,
    pub phase: u8,
    pub qualified: u8,
    pub first_application: u32,
    pub applications: u16,
    pub passed: u16,
    pub deadline: u64,
    pub rules_version: u32,
    pub attestation_deadline: u64,
}

/// A version of the vote rules.
// Fields mirror the records of `src/storage/records.rs` one to one, documented there.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VoteRulesRec {
    pub quorum: u128,
    pub min_voters: u32,
    pub approval_bps: u16,
    pub attestation_window: u32,
}

/// An application: its five slots and its text.
// Fields mirror the records of `src/storage/records.rs` one to one, documented there.
#[allow(missing_docs)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppRec {
    pub applicant: Address,
    pub round: u32,
    pub status: u8,
    pub rank: u8,
    pub verdict: u8,
    pub staking: Address,
    pub abstain_votes: u128,
    pub content_hash: B256,
    pub proposal: B256,
    pub for_votes: u128,
    pub against_votes: u128,
    pub voters: u32,
    pub oracle_epoch: u32,
    pub space: String,
    pub name: String,
    pub uri: String,
}

/// A node: its two slots and its URI.
// Fields mirror the records of `src/storage/records.rs` one to one, documented there.
#[allow(missing_docs)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeRec {
    pub operator: Address,
    pub active_pairing: u32,
    pub registered_phase: u8,
    pub signer: Address,
    pub registered_at: u64,
    pub uri: String,
}

/// A pairing: its two slots and its announcement URI.
// Fields mirror the records of `src/storage/records.rs` one to one, documented there.
#[allow(missing_docs)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairingRec {
    pub node: u32,
    pub application: u32,
    pub stake_cap: u128,
    pub stake: u128,
    pub staking: Address,
    pub started_at: u64,
    pub ended_at: u64,
    pub uri: String,
}

/// Everything the registry stores (records `1..=count` of each kind, the signer map for a
/// given set of addresses).
// Fields mirror the records of `src/storage/records.rs` one to one, documented there.
#[allow(missing_docs)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainState {
    pub admin: Address,
    pub paused: bool,
    pub phase: u8,
    pub node_count: u16,
    pub round_count: u32,
    pub application_count: u32,
    pub pairing_count: u32,
    pub pairing_nonce: u32,
    /// The last round closed (Control, byte 28).
    pub closed_round: u32,
    pub guardian: Address,
    pub pending_admin: Address,
    /// Slot 4 as stored: the set in force as of the last change (epoch, threshold, size),
    /// the change scheduled after it (meaningful while `oracle_next_size` is not 0), the
    /// delay and the last epoch handed out. What is in force at a time: [`Self::oracle_at`].
    pub oracle_epoch: u32,
    pub oracle_threshold: u8,
    pub oracle_size: u8,
    pub oracle_next_threshold: u8,
    pub oracle_next_size: u8,
    pub oracle_next_at: u64,
    pub oracle_delay: u32,
    pub oracle_last_epoch: u32,
    /// The 16 signer slots of the set of each epoch `e` in `1..=oracle_last_epoch`, as
    /// `oracle_sets[e - 1]` (zero beyond the set: a set writes exactly its signers).
    pub oracle_sets: Vec<Vec<Address>>,
    /// Version of the vote rules in force (Counters, byte 8).
    pub rules_version: u32,
    /// Its attestation window, copied beside it (Counters, byte 12).
    pub rules_window: u32,
    /// Version `v` of the vote rules is `vote_rules[v - 1]`, for `v` in `1..=rules_version`.
    pub vote_rules: Vec<VoteRulesRec>,
    pub node_limits: [u16; 4],
    pub min_cap: u128,
    pub max_cap: u128,
    /// The views program the registry delegates its views to (slot 7, fixed at construction).
    pub views_program: Address,
    /// The admin program the registry delegates the admin's functions to (slot 8, fixed at
    /// construction).
    pub admin_program: Address,
    /// keccak256 of the program's Snapshot space, as stored (slot 24).
    pub program_space_hash: B256,
    /// The program's Snapshot space: its text (kind 4, id 0) of the length in slot 25.
    pub program_space: String,
    /// Round `id` is `rounds[id - 1]`; likewise below.
    pub rounds: Vec<RoundRec>,
    pub apps: Vec<AppRec>,
    pub nodes: Vec<NodeRec>,
    pub pairings: Vec<PairingRec>,
    /// Node that uses or used each known sequencer signer (0 if none).
    pub signer_nodes: BTreeMap<Address, u32>,
    /// The application each application's Snapshot proposal backs (`K(proposal, 38)`), for
    /// the proposals of all applications.
    pub proposal_uses: BTreeMap<B256, u32>,
    /// The latest application of each applicant (role 0) and staking contract (role 1) of
    /// an application (`K(role ‖ account, 39)`): `(round, application)`.
    pub account_uses: BTreeMap<(u8, Address), (u32, u32)>,
    /// Text slots past a text's end that are not zero: `(kind, id, slot index)`.
    pub stale_text: Vec<(u8, u32, usize)>,
    /// Record slots that must be empty but are not: vote rules of version 0 or of the version
    /// after the one in force, the use of the zero proposal, the account use of the zero
    /// address (in either role).
    pub stray: Vec<String>,
}

thread_local! {
    /// Slots already hashed: the reader runs after every step of long sequences.
    static SLOTS: std::cell::RefCell<std::collections::HashMap<(B256, u8), U256>> = Default::default();
}

/// `K(key, n)`: the slot of `key` in a Solidity mapping at slot `n`.
pub fn mapping_slot(key: B256, n: u8) -> U256 {
    if let Some(slot) = SLOTS.with(|s| s.borrow().get(&(key, n)).copied()) {
        return slot;
    }
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(key.as_slice());
    preimage[63] = n;
    let slot = U256::from_be_bytes(keccak256(preimage).0);
    SLOTS.with(|s| s.borrow_mut().insert((key, n), slot));
    slot
}

/// The key of `account` in `role` (0 applicant, 1 staking contract) in `K(·, 39)`: the
/// address word with the role in its first byte.
pub fn account_key(role: u8, account: Address) -> B256 {
    let mut key = account.into_word();
    key.0[0] = role;
    key
}

/// The word of an id.
pub fn id_key(id: u32) -> B256 {
    B256::from(U256::from(id))
}

/// First slot of a text (`kind` 1 application, 2 node, 3 pairing, 4 the program's space).
pub fn text_slot(kind: u8, id: u32) -> U256 {
    // cached with a key no mapping slot uses (n = 255 - kind)
    let key = B256::from(U256::from(id));
    if let Some(slot) = SLOTS.with(|s| s.borrow().get(&(key, 255 - kind)).copied()) {
        return slot;
    }
    let slot = text_slot_uncached(kind, id);
    SLOTS.with(|s| s.borrow_mut().insert((key, 255 - kind), slot));
    slot
}

fn text_slot_uncached(kind: u8, id: u32) -> U256 {
    let mut preimage = [0u8; 22];
    preimage[..17].copy_from_slice(b"lst-registry.text");
    preimage[17] = kind;
    preimage[18..].copy_from_slice(&id.to_be_bytes());
    U256::from_be_bytes(keccak256(preimage).0)
}

/// Reads words of one contract.
pub struct Reader<'a> {
    net: &'a Devnet,
    contract: Address,
}

fn uint(word: &B256, at: usize, bytes: usize) -> u128 {
    word[at..at + bytes]
        .iter()
        .fold(0u128, |acc, b| (acc << 8) | *b as u128)
}

fn address(word: &B256, at: usize) -> Address {
    Address::from_slice(&word[at..at + 20])
}

impl<'a> Reader<'a> {
    /// A reader of `contract` on `net`.
    pub fn new(net: &'a Devnet, contract: Address) -> Self {
        Self { net, contract }
    }

    /// The word at `slot`.
    pub fn word(&self, slot: U256) -> B256 {
        self.net.storage_at(self.contract, slot)
    }

    /// The `len` bytes of a text, and the indices of non-zero slots among the `max_slots`
    /// slots after its end.
    fn text(&self, kind: u8, id: u32, len: usize, max_len: usize) -> (String, Vec<usize>) {
        let base = text_slot(kind, id);
        let used = len.div_ceil(32);
        let mut bytes = Vec::with_capacity(used * 32);
        for i in 0..used {
            bytes.extend_from_slice(self.word(base + U256::from(i)).as_slice());
        }
        // the padding of the last word must be zero too
        let padding_dirty = bytes[len..].iter().any(|b| *b != 0);
        bytes.truncate(len);
        let mut stale: Vec<usize> = (used..max_len.div_ceil(32))
            .filter(|i| !self.word(base + U256::from(*i)).is_zero())
            .collect();
        if padding_dirty {
            stale.push(used - 1);
        }
        (String::from_utf8_lossy(&bytes).into_owned(), stale)
    }
}

impl ChainState {
    /// Decodes the registry at `contract` on `net`; `signers` are the addresses whose
    /// signer-map entries to read.
    pub fn read(net: &Devnet, contract: Address, signers: &[Address]) -> Self {
        let r = Reader::new(net, contract);
        let w = |slot: u64| r.word(U256::from(slot));
        let (control, counters, guardian, pending, oracle, limits, caps) =
            (w(0), w(1), w(2), w(3), w(4), w(5), w(6));
        let mut s = ChainState {
            admin: address(&control, 0),
            paused: control[20] != 0,
            phase: control[21],
            node_count: uint(&control, 22, 2) as u16,
            pairing_nonce: uint(&control, 24, 4) as u32,
            closed_round: uint(&control, 28, 4) as u32,
            round_count: uint(&counters, 0, 4) as u32,
            application_count: uint(&counters, 4, 4) as u32,
            pairing_count: uint(&caps, 24, 4) as u32,
            rules_version: uint(&counters, 8, 4) as u32,
            rules_window: uint(&counters, 12, 4) as u32,
            guardian: address(&guardian, 0),
            pending_admin: address(&pending, 0),
            oracle_epoch: uint(&oracle, 0, 4) as u32,
            oracle_threshold: oracle[4],
            oracle_size: oracle[5],
            oracle_next_threshold: oracle[6],
            oracle_next_size: oracle[7],
            oracle_next_at: uint(&oracle, 8, 8) as u64,
            oracle_delay: uint(&oracle, 16, 4) as u32,
            oracle_last_epoch: uint(&oracle, 20, 4) as u32,
            node_limits: [0, 2, 4, 6].map(|at| uint(&limits, at, 2) as u16),
            min_cap: uint(&caps, 0, 12),
            max_cap: uint(&caps, 12, 12),
            views_program: address(&w(7), 0),
            admin_program: address(&w(8), 0),
            program_space_hash: w(24),
            ..ChainState::default()
        };
        let set_slots = |epoch: u32| -> Vec<Address> {
            let base = mapping_slot(id_key(epoch), 40);
            (0..MAX_ORACLES as u64)
                .map(|i| address(&r.word(base + U256::from(i)), 12))
                .collect()
        };
        s.oracle_sets = (1..=s.oracle_last_epoch).map(set_slots).collect();
        for (what, epoch) in [
            ("0", 0),
            ("after the last", s.oracle_last_epoch.wrapping_add(1)),
        ] {
            if set_slots(epoch).iter().any(|a| !a.is_zero()) {
                s.stray
                    .push(format!("oracle signers of epoch {what} ({epoch})"));
            }
        }
        let space_len = w(25)[0] as usize;
        let (space, stale) = r.text(4, 0, space_len, 64);
        s.program_space = space;
        s.stale_text.extend(stale.into_iter().map(|i| (4, 0, i)));
        let rules = |version: u32| {
            let x = r.word(mapping_slot(id_key(version), 37));
            VoteRulesRec {
                quorum: uint(&x, 0, 12),
                min_voters: uint(&x, 12, 4) as u32,
                approval_bps: uint(&x, 16, 2) as u16,
                attestation_window: uint(&x, 18, 4) as u32,
            }
        };
        s.vote_rules = (1..=s.rules_version).map(rules).collect();
        for (what, version) in [("version 0", 0), ("the next version", s.rules_version + 1)] {
            if rules(version) != VoteRulesRec::default() {
                s.stray.push(format!("vote rules of {what} ({version})"));
            }
        }
        if !r.word(mapping_slot(B256::ZERO, 38)).is_zero() {
            s.stray.push("use of the zero proposal".into());
        }
        for role in [0, 1] {
            if !r
                .word(mapping_slot(account_key(role, Address::ZERO), 39))
                .is_zero()
            {
                s.stray
                    .push(format!("use of the zero address in role {role}"));
            }
        }
        for id in 1..=s.round_count {
            let x = r.word(mapping_slot(id_key(id), 32));
            s.rounds.push(RoundRec {
                slots: x[0],
                status: x[1],
                phase: x[2],
                qualified: x[3],
                first_application: uint(&x, 4, 4) as u32,
                applications: uint(&x, 8, 2) as u16,
                passed: uint(&x, 10, 2) as u16,
                deadline: uint(&x, 12, 8) as u64,
                rules_version: uint(&x, 20, 4) as u32,
                attestation_deadline: uint(&x, 24, 8) as u64,
            });
        }
        for id in 1..=s.application_count {
            let base = mapping_slot(id_key(id), 33);
            let at = |i: u64| r.word(base + U256::from(i));
            let (head, staking, tally) = (at(0), at(1), at(4));
            let (space_len, name_len, uri_len) = (
                head[26] as usize,
                head[27] as usize,
                uint(&head, 28, 2) as usize,
            );
            let (text, stale) = r.text(1, id, space_len + name_len + uri_len, 64 + 64 + 256);
            s.stale_text.extend(stale.into_iter().map(|i| (1, id, i)));
            let bytes = text.as_bytes();
            let piece = |from: usize, to: usize| {
                String::from_utf8_lossy(bytes.get(from..to).unwrap_or_default()).into_owned()
            };
            s.apps.push(AppRec {
                applicant: address(&head, 0),
                round: uint(&head, 20, 4) as u32,
                status: head[24],
                rank: head[25],
                verdict: head[30],
                staking: address(&staking, 0),
                abstain_votes: uint(&staking, 20, 12),
                content_hash: at(2),
                proposal: at(3),
                for_votes: uint(&tally, 0, 12),
                against_votes: uint(&tally, 12, 12),
                voters: uint(&tally, 24, 4) as u32,
                oracle_epoch: uint(&tally, 28, 4) as u32,
                space: piece(0, space_len),
                name: piece(space_len, space_len + name_len),
                uri: piece(space_len + name_len, bytes.len()),
            });
        }
        for id in 1..=s.node_count as u32 {
            let base = mapping_slot(id_key(id), 34);
            let (head, signer) = (r.word(base), r.word(base + U256::from(1)));
            let (uri, stale) = r.text(2, id, uint(&head, 25, 2) as usize, 256);
            s.stale_text.extend(stale.into_iter().map(|i| (2, id, i)));
            s.nodes.push(NodeRec {
                operator: address(&head, 0),
                active_pairing: uint(&head, 20, 4) as u32,
                registered_phase: head[24],
                signer: address(&signer, 0),
                registered_at: uint(&signer, 20, 8) as u64,
                uri,
            });
        }
        for id in 1..=s.pairing_count {
            let base = mapping_slot(id_key(id), 35);
            let (stake, term) = (r.word(base), r.word(base + U256::from(1)));
            let (uri, stale) = r.text(3, id, uint(&term, 30, 2) as usize, 256);
            s.stale_text.extend(stale.into_iter().map(|i| (3, id, i)));
            s.pairings.push(PairingRec {
                node: uint(&stake, 0, 4) as u32,
                application: uint(&stake, 4, 4) as u32,
                stake_cap: uint(&stake, 8, 12),
                stake: uint(&stake, 20, 12),
                staking: address(&term, 0),
                started_at: uint(&term, 20, 5) as u64,
                ended_at: uint(&term, 25, 5) as u64,
                uri,
            });
        }
        for signer in signers {
            let word = r.word(mapping_slot(signer.into_word(), 36));
            s.signer_nodes.insert(*signer, uint(&word, 0, 4) as u32);
        }
        for proposal in s.apps.iter().map(|a| a.proposal).collect::<Vec<_>>() {
            let word = r.word(mapping_slot(proposal, 38));
            s.proposal_uses.insert(proposal, uint(&word, 0, 4) as u32);
        }
        let accounts: Vec<(u8, Address)> = s
            .apps
            .iter()
            .flat_map(|a| [(0, a.applicant), (1, a.staking)])
            .collect();
        for (role, account) in accounts {
            let word = r.word(mapping_slot(account_key(role, account), 39));
            s.account_uses.insert(
                (role, account),
                (uint(&word, 0, 4) as u32, uint(&word, 4, 4) as u32),
            );
        }
        s
    }

    /// The vote rules in force (the current version).
    pub fn rules(&self) -> VoteRulesRec {
        self.rules_of(self.rules_version)
    }

    /// Version `version` of the vote rules (all zero if it was never written).
    pub fn rules_of(&self, version: u32) -> VoteRulesRec {
        self.vote_rules
            .get((version as usize).wrapping_sub(1))
            .copied()
            .unwrap_or_default()
    }

    /// Every slot this layout assigns to the state (the records that exist, their texts up to
    /// the texts' lengths, the signer map of `signers`): a call that writes any other slot
    /// writes outside the layout.
    pub fn slots(&self, signers: &[Address]) -> BTreeSet<U256> {
        // slot 8 is the admin program; slots 9..24 held the signers before they moved under
        // their epochs: no longer used
        let mut out: BTreeSet<U256> = (0..9u64).chain(24..26).map(U256::from).collect();
        let text = |out: &mut BTreeSet<U256>, kind: u8, id: u32, len: usize| {
            let base = text_slot(kind, id);
            out.extend((0..len.div_ceil(32)).map(|i| base + U256::from(i)));
        };
        text(&mut out, 4, 0, self.program_space.len());
        for id in 1..=self.rules_version {
            out.insert(mapping_slot(id_key(id), 37));
        }
        for id in 1..=self.rounds.len() as u32 {
            out.insert(mapping_slot(id_key(id), 32));
        }
        for (i, a) in self.apps.iter().enumerate() {
            let id = i as u32 + 1;
            let base = mapping_slot(id_key(id), 33);
            out.extend((0..5u64).map(|k| base + U256::from(k)));
            text(&mut out, 1, id, a.space.len() + a.name.len() + a.uri.len());
            out.insert(mapping_slot(a.proposal, 38));
            out.insert(mapping_slot(account_key(0, a.applicant), 39));
            out.insert(mapping_slot(account_key(1, a.staking), 39));
        }
        for (i, n) in self.nodes.iter().enumerate() {
            let id = i as u32 + 1;
            let base = mapping_slot(id_key(id), 34);
            out.extend((0..2u64).map(|k| base + U256::from(k)));
            text(&mut out, 2, id, n.uri.len());
        }
        for (i, p) in self.pairings.iter().enumerate() {
            let id = i as u32 + 1;
            let base = mapping_slot(id_key(id), 35);
            out.extend((0..2u64).map(|k| base + U256::from(k)));
            text(&mut out, 3, id, p.uri.len());
        }
        for signer in signers {
            out.insert(mapping_slot(signer.into_word(), 36));
        }
        for epoch in 1..=self.oracle_last_epoch {
            let base = mapping_slot(id_key(epoch), 40);
            out.extend((0..MAX_ORACLES as u64).map(|i| base + U256::from(i)));
        }
        out
    }

    /// The signers of the set of `epoch` (its first `size` slots; empty for an epoch never
    /// handed out).
    pub fn oracle_signers(&self, epoch: u32, size: u8) -> Vec<Address> {
        self.oracle_sets
            .get((epoch as usize).wrapping_sub(1))
            .map(|slots| slots[..(size as usize).min(slots.len())].to_vec())
            .unwrap_or_default()
    }

    /// The oracle set in force at time `now`, as stored: a scheduled set whose time has come
    /// is in force without anything being written.
    pub fn oracle_at(&self, now: u64) -> OracleSet {
        let (epoch, threshold, size) = if self.oracle_next_size != 0 && now >= self.oracle_next_at {
            (
                self.oracle_last_epoch,
                self.oracle_next_threshold,
                self.oracle_next_size,
            )
        } else {
            (self.oracle_epoch, self.oracle_threshold, self.oracle_size)
        };
        OracleSet {
            epoch,
            threshold,
            signers: self.oracle_signers(epoch, size),
        }
    }

    /// The change scheduled after the set in force at `now` (its epoch, set and time), if
    /// any.
    pub fn oracle_scheduled(&self, now: u64) -> Option<(OracleSet, u64)> {
        (self.oracle_next_size != 0 && now < self.oracle_next_at).then(|| {
            (
                OracleSet {
                    epoch: self.oracle_last_epoch,
                    threshold: self.oracle_next_threshold,
                    signers: self.oracle_signers(self.oracle_last_epoch, self.oracle_next_size),
                },
                self.oracle_next_at,
            )
        })
    }

    /// The node limit of the current phase.
    pub fn current_limit(&self) -> u16 {
        self.node_limits[self.phase.min(3) as usize]
    }
}
