//! The seeded program state (`--seed`): Phase 1 (Alpha) done, every step a real, signed
//! transaction in its own block, so that the history (events, receipts) is there for
//! indexers and dapps too.
//!
//! | step | sender | call |
//! | --- | --- | --- |
//! | 1 | admin (account 0) | `setOracleSet([3 oracles, ascending], 2)` |
//! | 2-5 | admin | `registerNode(operator_i, sequencerSigner_i, uri)`, operators = accounts 1-4 |
//! | 6 | admin | `openRound(2 slots, deadline = now + 7 days)` |
//! | 7-8 | accounts 5, 6 | `submitApplication(...)`, staking contracts = accounts 7, 8 |
//! | 9 | admin | `closeRound(1)` |
//! | 10-11 | admin (relayer) | `attestTally(app, ...)`, 2-of-3 oracle signatures (EIP-712) |
//! | 12 | admin | `finaliseRound(1)`: both applications Qualified |
//! | 13-16 | accounts 1-4 | `pair(node, app, cap, uri)`: nodes 1, 2 → app 1; nodes 3, 4 → app 2 |
//! | 17 | account 7 | `reportStake(pairing 1 = node 1 ↔ app 1, 12,500 METIS)` |
//!
//! Sequencer signers are addresses only (`keccak256("lst-devnet:sequencer:{i}")[12..]`).

use alloy_primitives::{keccak256, Address, Bytes, TxKind, B256, U256};
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::SolCall;
use lst_registry_client::{
    eip712, Backend, BackendError, Log, Outcome, Receipt, Registry, Request, Status,
};

use crate::abi::ILstRegistry;
use crate::chain::{CallRequest, Chain};

/// Snapshot space of the seeded applications: the program's, as the constructor sets it.
pub use lst_registry_types::program::DEFAULT_SNAPSHOT_SPACE as SNAPSHOT_SPACE;
/// One METIS in wei.
pub use lst_registry_types::program::METIS;

/// Why deploying or seeding the registry failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// Seeding needs more development accounts.
    #[error("seeding needs 9 accounts, got {0}")]
    TooFewAccounts(usize),
    /// A step could not be sent or read.
    #[error("{step}: {source}")]
    Client {
        /// The step (function name).
        step: String,
        /// What the client reported.
        #[source]
        source: lst_registry_client::ClientError,
    },
    /// A step reverted.
    #[error("{step}: reverted with {error}")]
    Reverted {
        /// The step (function name).
        step: String,
        /// The decoded custom error.
        error: String,
    },
    /// The chain's clock could not be read.
    #[error("reading the block time: {0}")]
    Clock(#[source] BackendError),
    /// An oracle key is not a valid secp256k1 scalar.
    #[error("oracle key: {0}")]
    Key(#[from] alloy_signer::k256::ecdsa::Error),
    /// Signing the tally failed.
    #[error("signing the tally: {0}")]
    Sign(#[from] eip712::SignatureError),
    /// Deploying a program failed.
    #[error(transparent)]
    Deploy(#[from] crate::chain::DeployError),
}

fn metis(n: u128) -> U256 {
    U256::from(n * METIS)
}

/// The sequencer signer address of seeded node `i` (1-based).
pub fn sequencer_signer(i: usize) -> Address {
    Address::from_slice(&keccak256(format!("lst-devnet:sequencer:{i}"))[12..])
}

/// The node's chain as a client backend: every transaction is signed by the development
/// account that sends it (gas estimated, plus a fifth), mined in its own block, and answered
/// with its mined record.
struct NodeBackend<'a> {
    chain: &'a mut Chain,
}

impl Backend for NodeBackend<'_> {
    fn send(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        let request = call_request(r);
        let input = request.input.clone();
        let latest = alloy_eips::BlockId::latest();
        let fail = |e: crate::rpc::RpcError| BackendError(e.to_string());
        let gas = self.chain.estimate_gas(&request, latest).map_err(fail)?;
        let tx = self
            .chain
            .sign(r.from, TxKind::Call(r.to), input, r.value, gas + gas / 5)
            .map_err(fail)?;
        let hash = self.chain.submit(tx).map_err(fail)?;
        let record = self
            .chain
            .transaction(&hash)
            .ok_or_else(|| BackendError("not mined".to_string()))?;
        Ok(Receipt {
            status: if record.success {
                Status::Success
            } else {
                Status::Revert
            },
            output: record.output.to_vec(),
            logs: record.logs.iter().map(Log::from).collect(),
            gas_used: record.gas_used,
            contract_address: record.contract_address,
            tx_hash: Some(hash),
            block_number: Some(record.block_number),
            error: record.error.clone(),
        })
    }

    fn call(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        self.chain
            .simulate_latest(&call_request(r))
            .map(Receipt::from)
            .map_err(|e| BackendError(e.to_string()))
    }

    fn timestamp(&mut self) -> Result<u64, BackendError> {
        Ok(self.chain.latest_block().header.timestamp)
    }
}

/// The node's form of `r`, gas left to the node.
fn call_request(r: &Request<'_>) -> CallRequest {
    CallRequest {
        from: r.from,
        to: Some(r.to),
        input: Bytes::copy_from_slice(r.calldata),
        value: r.value,
        gas: None,
        access_list: Vec::new(),
    }
}

struct Seeder<'a> {
    registry: Registry<NodeBackend<'a>>,
}

impl Seeder<'_> {
    fn send<C: SolCall>(&mut self, from: Address, call: C, step: &str) -> Result<(), SeedError> {
        let tx = self
            .registry
            .send(from, &call)
            .map_err(|source| SeedError::Client {
                step: step.to_string(),
                source,
            })?;
        match tx.outcome {
            Outcome::Success(_) => Ok(()),
            Outcome::Reverted(error) => Err(SeedError::Reverted {
                step: step.to_string(),
                error: lst_registry_client::decode::show_error(&error),
            }),
        }
    }

    fn view<C: SolCall>(&mut self, call: C) -> Result<C::Return, SeedError> {
        self.registry
            .view(&call)
            .map_err(|source| SeedError::Client {
                step: C::SIGNATURE.to_string(),
                source,
            })
    }

    fn now(&mut self) -> Result<u64, SeedError> {
        self.registry
            .backend_mut()
            .timestamp()
            .map_err(SeedError::Clock)
    }
}

/// Signatures of `keys` over `digest`: 65-byte `r ‖ s ‖ v` (low `s`, `v` 27/28),
/// concatenated in ascending order of signer address, as `attestTally` wants them.
pub fn sign_attestation(keys: &[B256], digest: B256) -> Result<Vec<u8>, SeedError> {
    let signers: Vec<PrivateKeySigner> = keys
        .iter()
        .map(PrivateKeySigner::from_bytes)
        .collect::<Result<_, _>>()?;
    let signers: Vec<&PrivateKeySigner> = signers.iter().collect();
    Ok(eip712::sign_sorted(&signers, digest)?)
}

/// Seeds `registry` (admin = `accounts[0]`; needs at least 9 accounts) with the state
/// described in the module documentation; `oracle_keys` are the 3 oracle signers.
pub fn seed(
    chain: &mut Chain,
    registry: Address,
    accounts: &[Address],
    oracle_keys: &[B256],
) -> Result<(), SeedError> {
    if accounts.len() < 9 {
        return Err(SeedError::TooFewAccounts(accounts.len()));
    }
    let admin = accounts[0];
    let mut s = Seeder {
        registry: Registry::at(NodeBackend { chain }, registry),
    };

    let mut oracles: Vec<Address> = oracle_keys
        .iter()
        .filter_map(crate::accounts::address_of)
        .collect();
    oracles.sort();
    s.send(
        admin,
        ILstRegistry::setOracleSetCall {
            signers: oracles,
            threshold: 2,
        },
        "setOracleSet",
    )?;

    for (i, operator) in accounts.iter().enumerate().take(5).skip(1) {
        s.send(
            admin,
            ILstRegistry::registerNodeCall {
                operator: *operator,
                sequencerSigner: sequencer_signer(i),
                metadataUri: format!("ipfs://bafy-lst-devnet-node-{i}/metadata.json"),
            },
            "registerNode",
        )?;
    }

    let now = s.now()?;
    s.send(
        admin,
        ILstRegistry::openRoundCall {
            slots: 2,
            deadline: now + 7 * 86_400,
        },
        "openRound",
    )?;

    let lsts = [
        ("Liquid Staked METIS", accounts[5], accounts[7]),
        ("Artemis METIS", accounts[6], accounts[8]),
    ];
    for (n, (name, applicant, staking)) in lsts.iter().enumerate() {
        s.send(
            *applicant,
            ILstRegistry::submitApplicationCall {
                name: name.to_string(),
                metadataUri: format!("ipfs://bafy-lst-devnet-application-{}/lst.json", n + 1),
                contentHash: keccak256(format!("lst-devnet application {}", n + 1)),
                snapshotSpace: SNAPSHOT_SPACE.to_string(),
                snapshotProposal: keccak256(format!("lst-devnet proposal {}", n + 1)),
                stakingContract: *staking,
            },
            "submitApplication",
        )?;
    }
    s.send(
        admin,
        ILstRegistry::closeRoundCall { roundId: 1 },
        "closeRound",
    )?;

    // (for, against, abstain, voters): both pass the default rules (quorum 20,000 METIS,
    // 500 voters, 80% approval); application 1 ranks first.
    let tallies = [
        (62_000, 4_000, 1_500, 812u32),
        (41_000, 7_500, 2_000, 604u32),
    ];
    for (i, (f, a, ab, voters)) in tallies.into_iter().enumerate() {
        let application = i as u64 + 1;
        let digest = s.view(ILstRegistry::tallyDigestCall {
            applicationId: application,
            forVotes: metis(f),
            againstVotes: metis(a),
            abstainVotes: metis(ab),
            voters,
        })?;
        // Two of the three oracles sign (threshold 2).
        let signatures = sign_attestation(&oracle_keys[..2], digest)?;
        s.send(
            admin,
            ILstRegistry::attestTallyCall {
                applicationId: application,
                forVotes: metis(f),
                againstVotes: metis(a),
                abstainVotes: metis(ab),
                voters,
                signatures: signatures.into(),
            },
            "attestTally",
        )?;
    }
    s.send(
        admin,
        ILstRegistry::finaliseRoundCall { roundId: 1 },
        "finaliseRound",
    )?;

    let pairings = [
        (1u64, 1u64, 50_000u128),
        (2, 1, 40_000),
        (3, 2, 30_000),
        (4, 2, 25_000),
    ];
    for (node, application, cap) in pairings {
        s.send(
            accounts[node as usize],
            ILstRegistry::pairCall {
                nodeId: node,
                applicationId: application,
                stakeCap: metis(cap),
                announcementUri: format!("https://forum.example/lst-devnet/pairing-{node}"),
            },
            "pair",
        )?;
    }
    s.send(
        accounts[7],
        // The report names the pairing: pairing 1 is node 1 ↔ application 1.
        ILstRegistry::reportStakeCall {
            pairingId: 1,
            stake: metis(12_500),
        },
        "reportStake",
    )?;
    Ok(())
}

/// Deploys the views program (`views`), then the core (`wasm`) from `admin` (a development
/// account) with `(admin, views program)` as constructor arguments. Returns the core's
/// address, the registry's.
pub fn deploy_registry(
    chain: &mut Chain,
    wasm: &[u8],
    views: &[u8],
    admin: Address,
) -> Result<Address, SeedError> {
    let views = chain.deploy_program(admin, views, None)?;
    let args = lst_registry_client::abi::constructor_args(admin, views);
    let address = chain.deploy_program(admin, wasm, Some(&args))?;
    Ok(address)
}
