//! Gas measurements of the registry on the devnet, with the inputs of the Solidity peer's
//! lifecycle (`shared/docs/gas-targets.md`), with the program uncached or in ArbOS's program
//! cache.
//!
//! Every figure is receipt gas: 21,000 + calldata + program entry + execution − refund.

use std::collections::BTreeMap;

use alloy_primitives::Address;
use alloy_sol_types::SolCall;

use crate::render::metis;
use crate::Registry;
use lst_registry_client::abi::call_name;
use lst_registry_client::abi::ILstRegistry as I;
use lst_registry_client::actors::{Actor, Oracle};
use lst_registry_client::artifact::Programs;
use lst_registry_client::devnet::place_staking_stand_ins;
use lst_registry_client::eip712::{self, Tally};
use lst_registry_client::fixtures::{announcement_uri, attest, sorted, tally, Lst, NodeSpec};
use lst_registry_client::ClientError;
use lst_registry_client::Outcome;

/// Operations measured, in the order of `gas-targets.md`.
pub const OPERATIONS: &[&str] = &[
    "set oracle set (3 signers, first time)",
    "open round (first)",
    "open round (later)",
    "submit application",
    "withdraw application",
    "close round",
    "attest tally, 2 signatures",
    "attest tally, 3 signatures",
    "finalise round, 3 applications",
    "finalise round, 8 applications",
    "register node",
    "update node (signer, URI)",
    "pair",
    "unpair",
    "report stake",
    "change cap",
    "advance phase",
    "pause",
    "unpause",
    "revoke application (qualified, 1 pairing)",
];

/// Applications per round in the finalisation series.
pub const ROUND_SIZES: [usize; 8] = [1, 2, 4, 8, 16, 32, 64, 128];

/// Whether the program is in ArbOS's program cache during the measurements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cache {
    /// Every call pays `init_gas` + `cached_gas` on entry.
    Uncached,
    /// Every call pays `cached_gas` on entry (`ArbWasmCache.cacheProgram`).
    Cached,
}

/// The deployment of the three artifacts: the core's figures, then the views program's and the
/// admin program's.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// Receipt gas of the creation transaction with the constructor (devnet model).
    pub deploy_gas: u64,
    /// Gas of `ArbWasm.activateProgram` by Nitro's formula (data fee in wei not included).
    pub activation_gas: u64,
    /// Decompressed wasm bytes.
    pub wasm_len: usize,
    /// Deployed code bytes (`EF F0 00 00` + brotli).
    pub code_len: usize,
    /// Entry cost of an uncached call's `init_gas` part.
    pub init_gas: u64,
    /// Entry cost paid by every call (`cached_gas`).
    pub cached_gas: u64,
    /// Receipt gas of the views program's creation transaction (devnet model).
    pub views_deploy_gas: u64,
    /// Gas of activating the views program.
    pub views_activation_gas: u64,
    /// The views program's decompressed wasm bytes.
    pub views_wasm_len: usize,
    /// The views program's deployed code bytes.
    pub views_code_len: usize,
    /// Entry cost of the views program paid by every view (`cached_gas`), on top of the core's.
    pub views_cached_gas: u64,
    /// Receipt gas of the admin program's creation transaction (devnet model).
    pub admin_deploy_gas: u64,
    /// Gas of activating the admin program.
    pub admin_activation_gas: u64,
    /// The admin program's decompressed wasm bytes.
    pub admin_wasm_len: usize,
    /// The admin program's deployed code bytes.
    pub admin_code_len: usize,
    /// Entry cost of the admin program paid by every admin's function (`cached_gas`), on top
    /// of the core's.
    pub admin_cached_gas: u64,
}

/// Every sample of every operation.
#[derive(Clone, Debug, Default)]
pub struct Samples(pub BTreeMap<&'static str, Vec<u64>>);

impl Samples {
    fn add(&mut self, operation: &'static str, gas: u64) {
        self.0.entry(operation).or_default().push(gas);
    }

    /// The samples of `operation`.
    pub fn of(&self, operation: &str) -> &[u64] {
        self.0.get(operation).map(Vec::as_slice).unwrap_or_default()
    }
}

/// A registry under measurement and its actors.
struct Bench {
    registry: Registry,
    admin: Actor,
    relayer: Actor,
    oracles: Vec<Oracle>,
    /// Oracle epoch in force.
    epoch: u32,
    samples: Samples,
}

impl Bench {
    /// Sends `call`, which must succeed, and records its gas under `operation` (if any).
    fn tx<C: SolCall>(
        &mut self,
        operation: Option<&'static str>,
        from: Address,
        call: C,
    ) -> Result<C::Return, ClientError> {
        let tx = self.registry.send(from, &call)?;
        match tx.outcome {
            Outcome::Success(value) => {
                if let Some(operation) = operation {
                    self.samples.add(operation, tx.gas_used);
                }
                Ok(value)
            }
            Outcome::Reverted(error) => Err(ClientError::Reverted {
                function: call_name::<C>().to_string(),
                error: format!("{error:?}"),
            }),
        }
    }

    fn signed(
        &self,
        lst: &Lst,
        round: u64,
        id: u64,
        tally: &Tally,
        signers: usize,
    ) -> Result<Vec<u8>, ClientError> {
        let domain = eip712::domain(self.registry.net().chain_id(), self.registry.address());
        let digest = eip712::digest(&lst.attestation(round, id, tally, self.epoch), &domain);
        let oracles: Vec<&Oracle> = self.oracles.iter().take(signers).collect();
        lst_registry_client::actors::bundle(&oracles, digest)
    }

    fn attest(
        &mut self,
        operation: Option<&'static str>,
        lst: &Lst,
        round: u64,
        id: u64,
        tally: &Tally,
        signers: usize,
    ) -> Result<(), ClientError> {
        let signatures = self.signed(lst, round, id, tally, signers)?;
        let relayer = self.relayer.address;
        self.tx(operation, relayer, attest(id, tally, signatures))
            .map(|_| ())
    }

    fn now(&self) -> u64 {
        self.registry.net().timestamp()
    }
}

/// Deploys the artifact and sets the oracle set; records those two operations.
fn bench(programs: &Programs, cache: Cache) -> Result<(Bench, u64), ClientError> {
    let deployer = Actor::new("Deployer");
    let admin = Actor::new("Admin");
    let (mut registry, deployment) = Registry::deploy(
        lst_registry_client::devnet::devnet(),
        programs,
        deployer.address,
        admin.address,
    )?;
    if cache == Cache::Cached {
        let address = registry.address();
        let views = registry.views_program()?;
        let admin_program = registry.admin_program()?;
        registry
            .net_mut()
            .cache_program(views)
            .and_then(|_| registry.net_mut().cache_program(admin_program))
            .and_then(|_| registry.net_mut().cache_program(address))
            .map_err(|e| ClientError::Aborted {
                function: "cache_program".to_string(),
                status: lst_registry_client::Status::Invalid,
                reason: Some(e.to_string()),
            })?;
    }
    let oracles: Vec<Oracle> = (1..=3)
        .map(|i| Oracle::new(&format!("Oracle {i}")))
        .collect();
    let mut bench = Bench {
        registry,
        admin,
        relayer: Actor::new("Relayer"),
        oracles,
        epoch: 1,
        samples: Samples::default(),
    };
    let signers = sorted(&bench.oracles.iter().collect::<Vec<_>>());
    let admin = bench.admin.address;
    bench.tx(
        Some("set oracle set (3 signers, first time)"),
        admin,
        I::setOracleSetCall {
            signers,
            threshold: 2,
        },
    )?;
    Ok((bench, deployment.gas_used))
}

/// The cost of deploying and activating the artifact.
pub fn deployment(programs: &Programs) -> Result<Deployment, ClientError> {
    let net = lst_registry_client::devnet::devnet();
    let program = net
        .activate(&programs.core)
        .map_err(|e| ClientError::Deploy(e.into()))?;
    let views = net
        .activate(&programs.views)
        .map_err(|e| ClientError::Deploy(e.into()))?;
    let admin_program = net
        .activate(&programs.admin)
        .map_err(|e| ClientError::Deploy(e.into()))?;
    let params = net.params().clone();
    let (_, deploy_gas) = bench(programs, Cache::Uncached)?;
    let mut probe = lst_registry_client::devnet::devnet();
    let views_deploy_gas = probe
        .deploy_without_constructor(Address::repeat_byte(0xde), &programs.views)?
        .gas_used;
    let admin_deploy_gas = probe
        .deploy_without_constructor(Address::repeat_byte(0xde), &programs.admin)?
        .gas_used;
    Ok(Deployment {
        deploy_gas,
        activation_gas: program.activation_gas,
        wasm_len: program.wasm.len(),
        code_len: program.code.len(),
        init_gas: program.init_gas(params.min_init_gas, params.init_cost_scalar),
        cached_gas: program.cached_gas(params.min_cached_init_gas, params.cached_cost_scalar),
        views_deploy_gas,
        views_activation_gas: views.activation_gas,
        views_wasm_len: views.wasm.len(),
        views_code_len: views.code.len(),
        views_cached_gas: views.cached_gas(params.min_cached_init_gas, params.cached_cost_scalar),
        admin_deploy_gas,
        admin_activation_gas: admin_program.activation_gas,
        admin_wasm_len: admin_program.wasm.len(),
        admin_code_len: admin_program.code.len(),
        admin_cached_gas: admin_program
            .cached_gas(params.min_cached_init_gas, params.cached_cost_scalar),
    })
}

/// Runs the peer's lifecycle and records the gas of every operation of [`OPERATIONS`].
///
/// Round 1: 3 applications, all pass, K = 2. Round 2: 8 live applications (5 pass, 3 fail
/// on quorum, voters and approval), K = 2, plus one withdrawn. Tallies carry 2 signatures,
/// except one with 3. Nodes: 4 registered, paired, reported (each report names its
/// pairing), one cap change, one unpairing, one update of signer and URI. At the end, the
/// revocation of a qualified application of round 1 with one active pairing (4 nodes).
pub fn lifecycle(programs: &Programs, cache: Cache) -> Result<Samples, ClientError> {
    let (mut b, _) = bench(programs, cache)?;
    let admin = b.admin.address;
    let relayer = b.relayer.address;

    // ---- round 1: 3 applications, all pass
    let deadline = b.now() + 7 * 86_400;
    b.tx(
        Some("open round (first)"),
        admin,
        I::openRoundCall { slots: 2, deadline },
    )?;
    let first: Vec<Lst> = ["Artemis", "Enki Protocol", "Nova LST"]
        .iter()
        .map(|n| Lst::new(n))
        .collect();
    for lst in &first {
        b.tx(
            Some("submit application"),
            lst.applicant.address,
            lst.submit(),
        )?;
    }
    b.registry.net_mut().advance_time(7 * 86_400 + 1);
    b.tx(
        Some("close round"),
        relayer,
        I::closeRoundCall { roundId: 1 },
    )?;
    for (i, lst) in first.iter().enumerate() {
        let id = i as u64 + 1;
        let t = tally(300_000 + 10_000 * id, 20_000, 5_000, 900 + id as u32);
        b.attest(Some("attest tally, 2 signatures"), lst, 1, id, &t, 2)?;
    }
    b.tx(
        Some("finalise round, 3 applications"),
        relayer,
        I::finaliseRoundCall { roundId: 1 },
    )?;

    // ---- nodes and pairings
    let nodes: Vec<NodeSpec> = (1..=4)
        .map(|i| NodeSpec::new(&format!("gas-{i}")))
        .collect();
    for node in &nodes {
        b.tx(Some("register node"), admin, node.register())?;
    }
    // Their staking contracts hold code (pairing requires it) and report themselves.
    place_staking_stand_ins(
        b.registry.net_mut(),
        first.iter().map(|lst| lst.staking.address),
    );
    for (i, node) in nodes.iter().enumerate() {
        // applications 3 and 2 qualify (most For weight); 1 passes without being selected
        let (id, application) = (i as u64 + 1, 2 + (i as u64 % 2));
        let cap = if i % 2 == 0 { 100_000 } else { 20_000 };
        let uri = announcement_uri(id, &first[(application - 1) as usize].name);
        b.tx(
            Some("pair"),
            node.operator.address,
            I::pairCall {
                nodeId: id,
                applicationId: application,
                stakeCap: metis(cap),
                announcementUri: uri,
            },
        )?;
    }
    for (i, _) in nodes.iter().enumerate() {
        let (id, application) = (i as u64 + 1, 2 + (i as u64 % 2));
        let staking = first[(application - 1) as usize].staking.address;
        b.tx(
            Some("report stake"),
            staking,
            I::reportStakeCall {
                pairingId: id, // node i's pairing is pairing i
                stake: metis(15_000 + 1_000 * id),
            },
        )?;
    }
    b.tx(
        Some("change cap"),
        nodes[0].operator.address,
        I::setStakeCapCall {
            nodeId: 1,
            stakeCap: metis(80_000),
        },
    )?;
    b.tx(
        Some("unpair"),
        nodes[3].operator.address,
        I::unpairCall {
            nodeId: 4,
            reason: "operator rotation".to_string(),
        },
    )?;
    let rotated = NodeSpec::new("gas-2-rotated");
    b.tx(
        Some("update node (signer, URI)"),
        admin,
        I::updateNodeCall {
            nodeId: 2,
            operator: nodes[1].operator.address,
            sequencerSigner: rotated.signer.address,
            metadataUri: rotated.uri,
        },
    )?;
    b.tx(Some("advance phase"), admin, I::advancePhaseCall { to: 1 })?;

    // ---- round 2: 8 live applications, one withdrawn
    let deadline = b.now() + 7 * 86_400;
    b.tx(
        Some("open round (later)"),
        admin,
        I::openRoundCall { slots: 2, deadline },
    )?;
    let names = [
        "Orbit Staking",
        "Quasar LST",
        "Tidal METIS",
        "Helix Pool",
        "Lumen Stake",
        "Vesta LST",
        "Astra METIS",
        "Polar LST",
        "Comet Pool",
    ];
    let second: Vec<Lst> = names.iter().map(|n| Lst::new(n)).collect();
    for lst in &second {
        b.tx(
            Some("submit application"),
            lst.applicant.address,
            lst.submit(),
        )?;
    }
    let withdrawn = &second[8];
    b.tx(
        Some("withdraw application"),
        withdrawn.applicant.address,
        I::withdrawApplicationCall { applicationId: 12 },
    )?;
    b.registry.net_mut().advance_time(7 * 86_400 + 1);
    b.tx(
        Some("close round"),
        relayer,
        I::closeRoundCall { roundId: 2 },
    )?;
    let tallies = [
        tally(14_200, 1_100, 900, 611), // fails quorum
        tally(486_000, 27_000, 8_800, 1_530),
        tally(88_000, 4_000, 1_000, 342),  // fails voters
        tally(61_000, 39_000, 3_000, 811), // fails approval
        tally(143_000, 12_000, 2_000, 655),
        tally(250_000, 20_000, 1_000, 700),
        tally(190_000, 15_000, 1_000, 640),
        tally(120_000, 9_000, 1_000, 560),
    ];
    for (i, t) in tallies.iter().enumerate() {
        let id = 4 + i as u64;
        let (operation, signers) = if i == 0 {
            ("attest tally, 3 signatures", 3)
        } else {
            ("attest tally, 2 signatures", 2)
        };
        b.attest(Some(operation), &second[i], 2, id, t, signers)?;
    }
    b.tx(
        Some("finalise round, 8 applications"),
        relayer,
        I::finaliseRoundCall { roundId: 2 },
    )?;

    // ---- revocation: application 3 (qualified in round 1) is paired with node 2 only (its
    // pairing with node 4 ended above); the revocation visits the 4 nodes
    b.tx(
        Some("revoke application (qualified, 1 pairing)"),
        admin,
        I::revokeApplicationCall {
            applicationId: 3,
            reason: "operator rotation".to_string(),
        },
    )?;

    // ---- pause
    b.tx(Some("pause"), admin, I::pauseCall {})?;
    b.tx(Some("unpause"), admin, I::unpauseCall {})?;
    Ok(b.samples)
}

/// Finalisation gas of rounds of `sizes` applications, all passing, each new one with more
/// For weight than the earlier ones, K = 2.
pub fn finalisation_series(
    programs: &Programs,
    cache: Cache,
    sizes: &[usize],
) -> Result<Vec<(usize, u64)>, ClientError> {
    let (base, _) = bench(programs, cache)?;
    let mut out = Vec::with_capacity(sizes.len());
    for &size in sizes {
        let mut b = Bench {
            registry: base.registry.clone(),
            samples: Samples::default(),
            oracles: base.oracles.clone(),
            epoch: base.epoch,
            admin: base.admin.clone(),
            relayer: base.relayer.clone(),
        };
        let (admin, relayer) = (b.admin.address, b.relayer.address);
        let deadline = b.now() + 86_400;
        b.tx(None, admin, I::openRoundCall { slots: 2, deadline })?;
        let lsts: Vec<Lst> = (0..size)
            .map(|i| Lst::new(&format!("LST {i:03}")))
            .collect();
        for lst in &lsts {
            b.tx(None, lst.applicant.address, lst.submit())?;
        }
        b.registry.net_mut().advance_time(86_400 + 1);
        b.tx(None, relayer, I::closeRoundCall { roundId: 1 })?;
        for (i, lst) in lsts.iter().enumerate() {
            let t = tally(100_000 + 1_000 * i as u64, 5_000, 1_000, 600);
            b.attest(None, lst, 1, i as u64 + 1, &t, 2)?;
        }
        b.tx(
            Some("finalise"),
            relayer,
            I::finaliseRoundCall { roundId: 1 },
        )?;
        out.push((
            size,
            b.samples
                .of("finalise")
                .first()
                .copied()
                .unwrap_or_default(),
        ));
    }
    Ok(out)
}

/// `(min, max, mean)` of samples.
pub fn summary(samples: &[u64]) -> Option<(u64, u64, u64)> {
    let min = *samples.iter().min()?;
    let max = *samples.iter().max()?;
    let mean = samples.iter().sum::<u64>() / samples.len() as u64;
    Some((min, max, mean))
}
