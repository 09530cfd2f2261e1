//! Shared fixtures of the end-to-end tests: the artifact, named actors, a deployed and a
//! populated registry (built once, then forked per test), and revert assertions that fail
//! the test themselves and check that nothing changed.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use lst_registry_client::abi::{ILstRegistry as I, RegistryError, RegistryEvent};
use lst_registry_client::actors::{Actor, Oracle};
use lst_registry_client::artifact;
use lst_registry_client::devnet::place_staking_stand_ins;
use lst_registry_client::eip712::{self, Tally};
use lst_registry_client::fixtures::{announcement_uri, attest, sorted, tally, Lst, NodeSpec};
use lst_registry_client::Tx;
use lst_registry_e2e::render::metis;
use lst_registry_e2e::Registry;
use stylus_devnet::DEFAULT_TIMESTAMP;

/// The three artifacts, read once.
pub(crate) fn programs() -> &'static artifact::Programs {
    static PROGRAMS: OnceLock<artifact::Programs> = OnceLock::new();
    PROGRAMS.get_or_init(|| artifact::load().unwrap_or_else(|e| panic!("{e}")))
}

/// The core's artifact.
pub(crate) fn wasm() -> &'static [u8] {
    &programs().core
}

/// The views program's artifact.
pub(crate) fn views_wasm() -> &'static [u8] {
    &programs().views
}

/// The admin program's artifact.
pub(crate) fn admin_wasm() -> &'static [u8] {
    &programs().admin
}

/// Everyone the tests use.
pub(crate) struct Cast {
    pub deployer: Actor,
    pub admin: Actor,
    pub stranger: Actor,
    pub relayer: Actor,
    /// Oracles 1–3 are the set; oracle 4 is outside it.
    pub oracles: Vec<Oracle>,
    /// Application `id` is `lsts[id - 1]`.
    pub lsts: Vec<Lst>,
    /// Node `id` is `nodes[id - 1]`.
    pub nodes: Vec<NodeSpec>,
}

pub(crate) fn cast() -> &'static Cast {
    static CAST: OnceLock<Cast> = OnceLock::new();
    CAST.get_or_init(|| Cast {
        deployer: Actor::new("Deployer"),
        admin: Actor::new("Admin"),
        stranger: Actor::new("Stranger"),
        relayer: Actor::new("Relayer"),
        oracles: (1..=4)
            .map(|i| Oracle::new(&format!("Oracle {i}")))
            .collect(),
        lsts: ["Artemis", "Enki Protocol", "Nova LST", "Orbit Staking"]
            .iter()
            .map(|n| Lst::new(n))
            .collect(),
        nodes: (1..=5)
            .map(|i| NodeSpec::new(&format!("node-{i}")))
            .collect(),
    })
}

impl Cast {
    pub(crate) fn lst(&self, id: u64) -> &Lst {
        &self.lsts[(id - 1) as usize]
    }
    pub(crate) fn node(&self, id: u64) -> &NodeSpec {
        &self.nodes[(id - 1) as usize]
    }
    /// Oracles `members` (indices into `oracles`).
    pub(crate) fn oracle_refs(&self, members: &[usize]) -> Vec<&Oracle> {
        members.iter().map(|i| &self.oracles[*i]).collect()
    }
}

/// The registry right after deployment (admin = Admin), and the deployment.
pub(crate) fn deployed() -> (Registry, Tx<()>) {
    static DEPLOYED: OnceLock<(Registry, Tx<()>)> = OnceLock::new();
    DEPLOYED
        .get_or_init(|| {
            let c = cast();
            let (mut reg, deployment) = Registry::deploy(
                lst_registry_client::devnet::devnet(),
                programs(),
                c.deployer.address,
                c.admin.address,
            )
            .unwrap_or_else(|e| panic!("{e}"));
            // The cast's staking contracts hold code, so that pairing takes them.
            place_staking_stand_ins(reg.net_mut(), c.lsts.iter().map(|l| l.staking.address));
            (reg, deployment)
        })
        .clone()
}

/// The tally each application of [`populated`] is attested with.
pub(crate) fn tally_of(id: u64) -> Tally {
    tally(300_000 - 10_000 * id, 20_000, 1_000, 700)
}

/// Round 1 (apps 1, 2) finalised, both qualified; nodes 1 and 2; node 1 paired with app 1
/// at 100,000 METIS with 50,000 reported; round 2 open until `ROUND_2_DEADLINE` with
/// app 3 pending. Oracle set: oracles 1–3, threshold 2, epoch 1.
pub(crate) fn populated() -> Registry {
    static POPULATED: OnceLock<Registry> = OnceLock::new();
    POPULATED
        .get_or_init(|| {
            let c = cast();
            let (mut reg, _) = deployed();
            let admin = c.admin.address;
            let signers = sorted(&c.oracle_refs(&[0, 1, 2]));
            ok(
                &mut reg,
                admin,
                &I::setOracleSetCall {
                    signers,
                    threshold: 2,
                },
            );
            for id in 1..=2 {
                ok(&mut reg, admin, &c.node(id).register());
            }
            let deadline = reg.net().timestamp() + 86_400;
            ok(&mut reg, admin, &I::openRoundCall { slots: 2, deadline });
            for id in 1..=2 {
                ok(&mut reg, c.lst(id).applicant.address, &c.lst(id).submit());
            }
            ok(&mut reg, admin, &I::closeRoundCall { roundId: 1 });
            for id in 1..=2 {
                let signatures = sign(&reg, 1, id, &tally_of(id), 1, &[0, 1]);
                ok(
                    &mut reg,
                    c.relayer.address,
                    &attest(id, &tally_of(id), signatures),
                );
            }
            ok(
                &mut reg,
                c.relayer.address,
                &I::finaliseRoundCall { roundId: 1 },
            );
            let pair = I::pairCall {
                nodeId: 1,
                applicationId: 1,
                stakeCap: metis(100_000),
                announcementUri: announcement_uri(1, "Artemis"),
            };
            ok(&mut reg, c.node(1).operator.address, &pair);
            ok(
                &mut reg,
                c.lst(1).staking.address,
                &I::reportStakeCall {
                    pairingId: 1,
                    stake: metis(50_000),
                },
            );
            ok(
                &mut reg,
                admin,
                &I::openRoundCall {
                    slots: 2,
                    deadline: ROUND_2_DEADLINE,
                },
            );
            ok(&mut reg, c.lst(3).applicant.address, &c.lst(3).submit());
            reg
        })
        .clone()
}

/// Deadline of round 2 in [`populated`] (the fixture never moves the clock).
pub(crate) const ROUND_2_DEADLINE: u64 = DEFAULT_TIMESTAMP + 7 * 86_400;

/// The oracle-set delay after construction (two days), in seconds.
pub(crate) const ORACLE_SET_DELAY: u64 =
    lst_registry_types::program::DEFAULT_ORACLE_SET_DELAY as u64;

/// Moves the clock (one new block) just to the end of the default oracle-set delay: a change
/// made in the previous block is in force from then on.
pub(crate) fn past_oracle_set_delay(reg: &mut Registry) {
    reg.net_mut().advance_time(ORACLE_SET_DELAY);
}

/// Oracles `members` sign the tally of application `id` of `round` under `epoch`.
pub(crate) fn sign(
    reg: &Registry,
    round: u64,
    id: u64,
    tally: &Tally,
    epoch: u32,
    members: &[usize],
) -> Vec<u8> {
    let c = cast();
    let domain = eip712::domain(reg.net().chain_id(), reg.address());
    let digest = eip712::digest(&c.lst(id).attestation(round, id, tally, epoch), &domain);
    lst_registry_client::actors::bundle(&c.oracle_refs(members), digest)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Sends `call`, which must succeed; returns the decoded transaction.
pub(crate) fn ok<C: SolCall>(reg: &mut Registry, from: Address, call: &C) -> Tx<C::Return> {
    let tx = reg.send(from, call).unwrap_or_else(|e| panic!("{e}"));
    if let Some(error) = tx.error() {
        panic!("{} reverted with {error:?}", tx.function);
    }
    tx
}

/// Sends `call`, which must succeed with exactly `events`.
pub(crate) fn ok_with<C: SolCall>(
    reg: &mut Registry,
    from: Address,
    call: &C,
    events: Vec<RegistryEvent>,
) -> Tx<C::Return> {
    let tx = ok(reg, from, call);
    assert_eq!(tx.events, events, "events of {}", tx.function);
    tx
}

/// The registry's storage and the sender's nonce, to compare before and after.
fn footprint(reg: &Registry, from: Address) -> (BTreeMap<B256, B256>, u64) {
    (reg.net().storage_dump(reg.address()), reg.net().nonce(from))
}

/// `call` reverts with exactly `expected`, both as `eth_call` and as a transaction; the
/// transaction leaves no log and no storage change (only the sender's nonce moves).
pub(crate) fn assert_reverts<C: SolCall>(
    reg: &mut Registry,
    from: Address,
    call: &C,
    expected: impl Into<RegistryError>,
) {
    assert_reverts_raw(reg, from, &call.abi_encode(), U256::ZERO, expected);
}

/// [`assert_reverts`] for raw calldata and a value.
pub(crate) fn assert_reverts_raw(
    reg: &mut Registry,
    from: Address,
    calldata: &[u8],
    value: U256,
    expected: impl Into<RegistryError>,
) {
    let expected = expected.into();
    let (storage, nonce) = footprint(reg, from);
    let simulated = reg
        .call_raw(from, calldata, value)
        .unwrap_or_else(|e| panic!("eth_call: {e}"));
    assert_eq!(
        simulated.error(),
        Some(&expected),
        "eth_call of {}",
        simulated.function
    );
    let tx = reg
        .send_raw(from, calldata, value)
        .unwrap_or_else(|e| panic!("transaction: {e}"));
    assert_eq!(tx.error(), Some(&expected), "transaction {}", tx.function);
    assert!(
        tx.receipt.logs.is_empty(),
        "a reverted {} left logs",
        tx.function
    );
    let (storage_after, nonce_after) = footprint(reg, from);
    assert!(
        storage == storage_after,
        "a reverted {} changed the registry's storage",
        tx.function
    );
    assert_eq!(
        nonce_after,
        nonce + 1,
        "the reverted transaction is still included"
    );
}
