//! The seeded program state (`--seed`): Phase 1 (Alpha) done and one LST staking through its
//! vault, every step a real, signed transaction in its own block, so that the history
//! (events, receipts) is there for indexers and dapps too.
//!
//! | step | sender | transaction |
//! | --- | --- | --- |
//! | 1 | admin (account 0) | `setOracleSet([3 oracles, ascending], 2)` |
//! | 2-5 | admin | `registerNode(operator_i, sequencerSigner_i, uri)`, operators = accounts 1-4 |
//! | 6 | admin | `openRound(2 slots, deadline = now + 7 days)` |
//! | 7 | admin | creates the METIS token (`MetisToken` of `integrations/lst-vault`; its deployer mints) |
//! | 8-9 | accounts 5, 6 | each creates an `LstVault(registry, METIS)`: vaults 1 and 2 |
//! | 10-11 | accounts 5, 6 | `submitApplication(...)`, staking contracts = vaults 1, 2 |
//! | 12 | admin | `closeRound(1)` |
//! | 13-14 | admin (relayer) | `attestTally(app, ...)`, 2-of-3 oracle signatures (EIP-712) |
//! | 15 | admin | `finaliseRound(1)`: both applications Qualified |
//! | 16-19 | accounts 1-4 | `pair(node, app, cap, uri)`: nodes 1, 2 → app 1; nodes 3, 4 → app 2 |
//! | 20-21 | admin | METIS `mint(account, 100,000 METIS)` to the stakers, accounts 7 and 8 |
//! | 22 | account 7 | METIS `approve(vault 1, 12,500 METIS)` |
//! | 23 | account 7 | vault 1 `deposit(node 1, 12,500 METIS)`: the vault reports pairing 1 (node 1 ↔ app 1)'s stake, `reportStake(1, 12,500 METIS)`, in the same transaction |
//!
//! The token's and the vaults' addresses follow from their creators' nonces (`CREATE`):
//! [`seeded_metis`], [`seeded_vault`]; a dapp reads them from `application(id).stakingContract`
//! and the vault's `metis()`.
//! Sequencer signers are addresses only (`keccak256("lst-devnet:sequencer:{i}")[12..]`).

use alloy_primitives::{keccak256, Address, Bytes, TxKind, B256, U256};
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{SolCall, SolInterface};
use lst_registry_client::artifact::Programs;
use lst_registry_client::vault::{self, ILstVault, IMetisToken};
use lst_registry_client::{
    eip712, Backend, BackendError, ClientError, Log, Outcome, Receipt, Registry, RegistryError,
    Request, Status,
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
    /// The LST integration's bytecode (METIS token, vault) could not be read.
    #[error(transparent)]
    Vault(#[from] vault::VaultError),
    /// A creation succeeded without creating a contract.
    #[error("{step}: no contract created")]
    NotCreated {
        /// The step (what was created).
        step: String,
    },
    /// A contract was created elsewhere than [`seeded_metis`] / [`seeded_vault`] say.
    #[error("{what} created at {got}, not at {expected}")]
    Misplaced {
        /// The contract.
        what: &'static str,
        /// Where the documented nonce puts it.
        expected: Address,
        /// Where it is.
        got: Address,
    },
}

/// METIS the admin mints to each staker (accounts 7 and 8).
pub const STAKER_METIS: u128 = 100_000;
/// METIS account 7 deposits on node 1 through vault 1: pairing 1's seeded stake.
pub const SEEDED_STAKE: u128 = 12_500;

/// The admin's nonce when it creates the METIS token (step 7): after the three program
/// deployments ([`deploy_registry`]) and steps 1-6.
pub const METIS_NONCE: u64 = 9;

/// The seeded METIS token's address, created by `admin` (account 0) at [`METIS_NONCE`].
pub fn seeded_metis(admin: Address) -> Address {
    admin.create(METIS_NONCE)
}

/// The seeded vault of `applicant` (account 5: vault 1, account 6: vault 2), its first
/// transaction.
pub fn seeded_vault(applicant: Address) -> Address {
    applicant.create(0)
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

impl NodeBackend<'_> {
    /// Signs `request` (a call, or a creation for `to: None`) from its development account,
    /// gas estimated plus a fifth, mines it in its own block and answers its mined record.
    fn transact(&mut self, request: &CallRequest) -> Result<Receipt, BackendError> {
        let latest = alloy_eips::BlockId::latest();
        let fail = |e: crate::rpc::RpcError| BackendError(e.to_string());
        let gas = self.chain.estimate_gas(request, latest).map_err(fail)?;
        let kind = request.to.map_or(TxKind::Create, TxKind::Call);
        let tx = self
            .chain
            .sign(
                request.from,
                kind,
                request.input.clone(),
                request.value,
                gas + gas / 5,
            )
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
}

impl Backend for NodeBackend<'_> {
    fn send(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        self.transact(&call_request(r))
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

    /// Sends `call` from `from` to `to`, a contract of the LST integration (not the
    /// registry: its receipt holds the token's and the vault's events too).
    fn send_to<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: C,
        step: &str,
    ) -> Result<(), SeedError> {
        self.transact(
            CallRequest {
                from,
                to: Some(to),
                input: call.abi_encode().into(),
                value: U256::ZERO,
                gas: None,
                access_list: Vec::new(),
            },
            step,
        )
        .map(|_| ())
    }

    /// Creates a contract with `init_code` from `from` (an EVM creation transaction);
    /// returns its address.
    fn create(
        &mut self,
        from: Address,
        init_code: Vec<u8>,
        step: &str,
    ) -> Result<Address, SeedError> {
        let receipt = self.transact(
            CallRequest {
                from,
                to: None,
                input: init_code.into(),
                value: U256::ZERO,
                gas: None,
                access_list: Vec::new(),
            },
            step,
        )?;
        receipt
            .contract_address
            .ok_or_else(|| SeedError::NotCreated {
                step: step.to_string(),
            })
    }

    /// Mines `request`; anything but success is the step's error.
    fn transact(&mut self, request: CallRequest, step: &str) -> Result<Receipt, SeedError> {
        let receipt = self
            .registry
            .backend_mut()
            .transact(&request)
            .map_err(|error| SeedError::Client {
                step: step.to_string(),
                source: ClientError::Backend {
                    function: step.to_string(),
                    error,
                },
            })?;
        match receipt.status {
            Status::Success => Ok(receipt),
            Status::Revert => Err(SeedError::Reverted {
                step: step.to_string(),
                error: show_revert(&receipt.output),
            }),
            status => Err(SeedError::Client {
                step: step.to_string(),
                source: ClientError::Aborted {
                    function: step.to_string(),
                    status,
                    reason: receipt.error,
                },
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

/// Revert data of the LST integration's contracts, decoded: the vault's errors, the token's,
/// or the registry's (which the vault lets through); raw hex otherwise.
fn show_revert(data: &[u8]) -> String {
    if let Ok(error) = ILstVault::ILstVaultErrors::abi_decode(data) {
        return format!("{error:?}");
    }
    if let Ok(error) = IMetisToken::IMetisTokenErrors::abi_decode(data) {
        return format!("{error:?}");
    }
    if let Ok(error) = RegistryError::abi_decode(data) {
        return lst_registry_client::decode::show_error(&error);
    }
    format!("0x{}", alloy_primitives::hex::encode(data))
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

    // The LST side: the chain's METIS, then each applicant's staking vault, which its
    // application names as staking contract (`pair` requires code there).
    let metis_token = s.create(admin, vault::metis_init_code()?, "MetisToken")?;
    let applicants = [accounts[5], accounts[6]];
    let mut vaults = [Address::ZERO; 2];
    for (created, applicant) in vaults.iter_mut().zip(applicants) {
        *created = s.create(
            applicant,
            vault::vault_init_code(registry, metis_token)?,
            "LstVault",
        )?;
    }

    // The banner prints these addresses from the creators' nonces: they must be these.
    let placed = [
        ("MetisToken", seeded_metis(admin), metis_token),
        ("vault 1", seeded_vault(applicants[0]), vaults[0]),
        ("vault 2", seeded_vault(applicants[1]), vaults[1]),
    ];
    if let Some((what, expected, got)) = placed.into_iter().find(|(_, e, g)| e != g) {
        return Err(SeedError::Misplaced {
            what,
            expected,
            got,
        });
    }

    let lsts = [
        ("Liquid Staked METIS", applicants[0], vaults[0]),
        ("Artemis METIS", applicants[1], vaults[1]),
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

    // The stakers, accounts 7 and 8, hold METIS; account 7 stakes on node 1 through vault 1,
    // which reports pairing 1 (node 1 ↔ application 1)'s new pooled stake to the registry.
    for staker in [accounts[7], accounts[8]] {
        s.send_to(
            admin,
            metis_token,
            IMetisToken::mintCall {
                to: staker,
                value: metis(STAKER_METIS),
            },
            "mint",
        )?;
    }
    s.send_to(
        accounts[7],
        metis_token,
        IMetisToken::approveCall {
            spender: vaults[0],
            value: metis(SEEDED_STAKE),
        },
        "approve",
    )?;
    s.send_to(
        accounts[7],
        vaults[0],
        ILstVault::depositCall {
            nodeId: 1,
            amount: metis(SEEDED_STAKE),
        },
        "deposit",
    )?;
    Ok(())
}

/// Deploys the views program, then the admin program, then the core from `admin` (a
/// development account) with `(admin, views program, admin program)` as constructor
/// arguments. Returns the core's address, the registry's.
pub fn deploy_registry(
    chain: &mut Chain,
    programs: &Programs,
    admin: Address,
) -> Result<Address, SeedError> {
    let views = chain.deploy_program(admin, &programs.views, None)?;
    let admin_program = chain.deploy_program(admin, &programs.admin, None)?;
    let args = lst_registry_client::abi::constructor_args(admin, views, admin_program);
    let address = chain.deploy_program(admin, &programs.core, Some(&args))?;
    Ok(address)
}
