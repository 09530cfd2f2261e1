//! The Solidity LST integration of `integrations/lst-vault`, as an LST protocol deploys it: a
//! METIS ERC-20 and a staking vault whose deposits and withdrawals report a node's pooled
//! stake to the registry. Its bytecode is the integration's committed build output
//! (`out/lst-vault.json`, checked against its sources by `npm test -w integrations/lst-vault`);
//! its interface is declared here for what the scenario and the devnet's seed call, and a
//! test checks every declaration against that output's ABI.
//!
//! The registry requires an application's staking contract to hold code when a node pairs
//! with it (`RegistryNoCode`): these vaults are the staking contracts of the lifecycle and of
//! `lst-devnet --seed`.

use alloy_primitives::{Address, Bytes};
use alloy_sol_types::{sol, SolValue};

/// `integrations/lst-vault/out/lst-vault.json`, as committed.
pub const LST_VAULT_JSON: &str = include_str!("../../integrations/lst-vault/out/lst-vault.json");

sol! {
    /// The METIS token of the integration (ERC-20 with ERC-6093 errors; its deployer mints).
    #[derive(Debug, PartialEq, Eq)]
    interface IMetisToken {
        event Transfer(address indexed from, address indexed to, uint256 value);
        event Approval(address indexed owner, address indexed spender, uint256 value);
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
        error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
        error MetisNotMinter(address caller);
        function mint(address to, uint256 value) external;
        function approve(address spender, uint256 value) external returns (bool success);
        function transfer(address to, uint256 value) external returns (bool success);
        function balanceOf(address account) external view returns (uint256);
    }

    /// The staking vault of the integration: one per LST, its application's staking contract.
    #[derive(Debug, PartialEq, Eq)]
    interface ILstVault {
        event Deposited(uint64 indexed nodeId, address indexed account, uint64 indexed pairingId, uint256 amount, uint256 pooledStake);
        event Withdrawn(uint64 indexed nodeId, address indexed account, uint64 indexed pairingId, uint256 amount, uint256 pooledStake);
        event StakeNotReported(uint64 indexed nodeId, uint64 indexed pairingId, uint8 reason);
        event StakeSynced(uint64 indexed nodeId, uint64 indexed pairingId, uint256 pooledStake);
        error VaultZeroAmount();
        error VaultNodeNotPaired(uint64 nodeId);
        error VaultNotVaultsPairing(uint64 nodeId, uint64 pairingId, uint64 applicationId, address stakingContract);
        error VaultInsufficientDeposit(uint64 nodeId, address account, uint256 deposited, uint256 needed);
        function deposit(uint64 nodeId, uint256 amount) external returns (uint256 pooled);
        function withdraw(uint64 nodeId, uint256 amount) external returns (uint256 pooled);
        function syncStake(uint64 nodeId) external returns (uint256 pooled);
        function pooledStake(uint64 nodeId) external view returns (uint256);
        function registry() external view returns (address);
        function metis() external view returns (address);
    }
}

/// The integration's build output could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The committed JSON does not parse, or lacks the contract.
    #[error("integrations/lst-vault/out/lst-vault.json: {0}")]
    Output(String),
}

/// The creation bytecode of `name` (`MetisToken` or `LstVault`) in the committed output.
fn creation_code(name: &str) -> Result<Vec<u8>, VaultError> {
    let output: serde_json::Value =
        serde_json::from_str(LST_VAULT_JSON).map_err(|e| VaultError::Output(e.to_string()))?;
    let contract = output["contracts"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["name"] == name))
        .ok_or_else(|| VaultError::Output(format!("no contract {name}")))?;
    let hex = contract["bytecode"]
        .as_str()
        .ok_or_else(|| VaultError::Output(format!("{name} has no bytecode")))?;
    hex.parse::<Bytes>()
        .map(|b| b.to_vec())
        .map_err(|e| VaultError::Output(format!("{name}'s bytecode: {e}")))
}

/// Init code of the METIS token: its deployer is the only minter.
pub fn metis_init_code() -> Result<Vec<u8>, VaultError> {
    creation_code("MetisToken")
}

/// Init code of a vault reporting to `registry`, pooling `metis`.
pub fn vault_init_code(registry: Address, metis: Address) -> Result<Vec<u8>, VaultError> {
    let mut code = creation_code("LstVault")?;
    code.extend((registry, metis).abi_encode_params());
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::{SolCall, SolError, SolEvent};

    /// The output's ABI entries of `contract`, as `kind name(types)` strings.
    fn abi_signatures(contract: &str) -> Vec<String> {
        let output: serde_json::Value = serde_json::from_str(LST_VAULT_JSON).unwrap();
        let entries = output["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == contract)
            .unwrap()["abi"]
            .as_array()
            .unwrap()
            .clone();
        entries
            .iter()
            .filter_map(|e| {
                let types: Vec<&str> = e["inputs"]
                    .as_array()?
                    .iter()
                    .map(|i| i["type"].as_str().unwrap_or("?"))
                    .collect();
                Some(format!(
                    "{} {}({})",
                    e["type"].as_str()?,
                    e["name"].as_str()?,
                    types.join(",")
                ))
            })
            .collect()
    }

    #[test]
    fn the_declared_interfaces_are_in_the_integrations_abi() {
        let token = abi_signatures("MetisToken");
        let vault = abi_signatures("LstVault");
        let declared_token = [
            format!("event {}", IMetisToken::Transfer::SIGNATURE),
            format!("event {}", IMetisToken::Approval::SIGNATURE),
            format!("error {}", IMetisToken::ERC20InsufficientBalance::SIGNATURE),
            format!(
                "error {}",
                IMetisToken::ERC20InsufficientAllowance::SIGNATURE
            ),
            format!("error {}", IMetisToken::MetisNotMinter::SIGNATURE),
            format!("function {}", IMetisToken::mintCall::SIGNATURE),
            format!("function {}", IMetisToken::approveCall::SIGNATURE),
            format!("function {}", IMetisToken::transferCall::SIGNATURE),
            format!("function {}", IMetisToken::balanceOfCall::SIGNATURE),
        ];
        let declared_vault = [
            format!("event {}", ILstVault::Deposited::SIGNATURE),
            format!("event {}", ILstVault::Withdrawn::SIGNATURE),
            format!("event {}", ILstVault::StakeNotReported::SIGNATURE),
            format!("event {}", ILstVault::StakeSynced::SIGNATURE),
            format!("error {}", ILstVault::VaultZeroAmount::SIGNATURE),
            format!("error {}", ILstVault::VaultNodeNotPaired::SIGNATURE),
            format!("error {}", ILstVault::VaultNotVaultsPairing::SIGNATURE),
            format!("error {}", ILstVault::VaultInsufficientDeposit::SIGNATURE),
            format!("function {}", ILstVault::depositCall::SIGNATURE),
            format!("function {}", ILstVault::withdrawCall::SIGNATURE),
            format!("function {}", ILstVault::syncStakeCall::SIGNATURE),
            format!("function {}", ILstVault::pooledStakeCall::SIGNATURE),
            format!("function {}", ILstVault::registryCall::SIGNATURE),
            format!("function {}", ILstVault::metisCall::SIGNATURE),
        ];
        for (declared, abi) in [(&declared_token[..], &token), (&declared_vault[..], &vault)] {
            for signature in declared {
                assert!(abi.contains(signature), "{signature} is not in {abi:#?}");
            }
        }
    }

    #[test]
    fn init_codes_come_from_the_committed_output() {
        let metis = metis_init_code().unwrap();
        assert!(metis.starts_with(&[0x60, 0x80]) || metis.starts_with(&[0x60, 0xa0]));
        let registry = Address::repeat_byte(0x11);
        let token = Address::repeat_byte(0x22);
        let vault = vault_init_code(registry, token).unwrap();
        let creation = creation_code("LstVault").unwrap();
        assert_eq!(vault.len(), creation.len() + 64);
        assert_eq!(
            &vault[creation.len() + 12..creation.len() + 32],
            registry.as_slice()
        );
        assert_eq!(&vault[creation.len() + 44..], token.as_slice());
        assert!(matches!(
            creation_code("Nothing"),
            Err(VaultError::Output(_))
        ));
    }
}
