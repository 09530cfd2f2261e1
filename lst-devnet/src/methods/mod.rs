//! The JSON-RPC methods: parameters in, [`Chain`] operations, standard objects out.
//!
//! [`dispatch`] parses the method name into a [`Method`] and answers it here, or in the
//! module of its family: `filters` (logs and filters), `sign` (the development accounts'
//! signatures), `cheats` (anvil's state cheats), `params` (the parameter shapes every method
//! shares).

mod cheats;
mod filters;
mod params;
mod sign;

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_rpc_types_eth::{FeeHistory, TransactionRequest};
use serde_json::Value;

use self::params::{call_request, json, number_or_quantity, quantity, Params};
use crate::chain::{BlockRecord, Chain, BASE_FEE};
use crate::filters::FilterKind;
use crate::render;
use crate::rpc::RpcError;
use crate::tx::decode_raw;

/// `eth_blobBaseFee`: what geth computes for a header without excess blob gas (Arbitrum
/// carries no blobs), the minimum of 1 wei.
pub const BLOB_BASE_FEE: u64 = 1;

/// Version string of `web3_clientVersion`.
pub const CLIENT_VERSION: &str =
    concat!("lst-devnet/v", env!("CARGO_PKG_VERSION"), "/stylus-devnet");

/// Most blocks one `eth_getLogs` may scan.
pub const MAX_LOG_RANGE: u64 = 100_000;

/// Every method this node answers: one variant each, with its JSON-RPC name. Requests are
/// parsed into a [`Method`] before anything else, so an unknown name is refused in one place
/// and a new method cannot be answered without being listed.
macro_rules! methods {
    ($($variant:ident => $name:literal,)*) => {
        /// A JSON-RPC method this node answers.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Method {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Method {
            /// Every method, in the order of the node's README.
            pub const ALL: &'static [Method] = &[$(Method::$variant,)*];

            /// The method's JSON-RPC name.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Method::$variant => $name,)*
                }
            }

            /// The method of a JSON-RPC name, if this node answers it.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Method::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

methods! {
    Web3ClientVersion => "web3_clientVersion",
    Web3Sha3 => "web3_sha3",
    NetVersion => "net_version",
    NetListening => "net_listening",
    EthChainId => "eth_chainId",
    EthBlockNumber => "eth_blockNumber",
    EthSyncing => "eth_syncing",
    EthAccounts => "eth_accounts",
    EthGetBlockByNumber => "eth_getBlockByNumber",
    EthGetBlockByHash => "eth_getBlockByHash",
    EthGetBlockTransactionCountByNumber => "eth_getBlockTransactionCountByNumber",
    EthGetBlockTransactionCountByHash => "eth_getBlockTransactionCountByHash",
    EthGetBalance => "eth_getBalance",
    EthGetTransactionCount => "eth_getTransactionCount",
    EthGetCode => "eth_getCode",
    EthGetStorageAt => "eth_getStorageAt",
    EthGasPrice => "eth_gasPrice",
    EthMaxPriorityFeePerGas => "eth_maxPriorityFeePerGas",
    EthFeeHistory => "eth_feeHistory",
    EthEstimateGas => "eth_estimateGas",
    EthCall => "eth_call",
    EthSendRawTransaction => "eth_sendRawTransaction",
    EthSendTransaction => "eth_sendTransaction",
    EthGetTransactionByHash => "eth_getTransactionByHash",
    EthGetTransactionReceipt => "eth_getTransactionReceipt",
    EthGetLogs => "eth_getLogs",
    EvmMine => "evm_mine",
    AnvilMine => "anvil_mine",
    HardhatMine => "hardhat_mine",
    EvmIncreaseTime => "evm_increaseTime",
    EvmSetNextBlockTimestamp => "evm_setNextBlockTimestamp",
    AnvilSetBalance => "anvil_setBalance",
    HardhatSetBalance => "hardhat_setBalance",
    EvmSnapshot => "evm_snapshot",
    EvmRevert => "evm_revert",
    NetPeerCount => "net_peerCount",
    EthCoinbase => "eth_coinbase",
    EthMining => "eth_mining",
    EthBlobBaseFee => "eth_blobBaseFee",
    EthGetBlockReceipts => "eth_getBlockReceipts",
    EthGetTransactionByBlockNumberAndIndex => "eth_getTransactionByBlockNumberAndIndex",
    EthGetTransactionByBlockHashAndIndex => "eth_getTransactionByBlockHashAndIndex",
    EthGetUncleCountByBlockNumber => "eth_getUncleCountByBlockNumber",
    EthGetUncleCountByBlockHash => "eth_getUncleCountByBlockHash",
    EthGetUncleByBlockNumberAndIndex => "eth_getUncleByBlockNumberAndIndex",
    EthGetUncleByBlockHashAndIndex => "eth_getUncleByBlockHashAndIndex",
    EthNewFilter => "eth_newFilter",
    EthNewBlockFilter => "eth_newBlockFilter",
    EthNewPendingTransactionFilter => "eth_newPendingTransactionFilter",
    EthGetFilterChanges => "eth_getFilterChanges",
    EthGetFilterLogs => "eth_getFilterLogs",
    EthUninstallFilter => "eth_uninstallFilter",
    EthSign => "eth_sign",
    PersonalSign => "personal_sign",
    EthSignTypedDataV4 => "eth_signTypedData_v4",
    EthSignTypedDataV3 => "eth_signTypedData_v3",
    EthSignTypedData => "eth_signTypedData",
    EthSignTransaction => "eth_signTransaction",
    AnvilSetNonce => "anvil_setNonce",
    HardhatSetNonce => "hardhat_setNonce",
    AnvilSetStorageAt => "anvil_setStorageAt",
    HardhatSetStorageAt => "hardhat_setStorageAt",
    AnvilSetCode => "anvil_setCode",
    HardhatSetCode => "hardhat_setCode",
    AnvilImpersonateAccount => "anvil_impersonateAccount",
    HardhatImpersonateAccount => "hardhat_impersonateAccount",
    AnvilStopImpersonatingAccount => "anvil_stopImpersonatingAccount",
    HardhatStopImpersonatingAccount => "hardhat_stopImpersonatingAccount",
    AnvilAutoImpersonateAccount => "anvil_autoImpersonateAccount",
    AnvilNodeInfo => "anvil_nodeInfo",
}

/// The block a tag names, if it exists.
fn block_by_tag<'a>(chain: &'a Chain, p: &Params<'_>) -> Result<Option<&'a BlockRecord>, RpcError> {
    let tag: BlockNumberOrTag = p.required(0, "block")?;
    Ok(chain.resolve_tag(tag).and_then(|n| chain.block(n)))
}

/// The block a hash names, if it exists.
fn block_by_hash<'a>(
    chain: &'a Chain,
    p: &Params<'_>,
) -> Result<Option<&'a BlockRecord>, RpcError> {
    let hash: B256 = p.required(0, "block hash")?;
    Ok(chain.block_by_hash(hash))
}

/// Transaction `index` (parameter 1) of `block`, or null.
fn transaction_at(
    chain: &Chain,
    block: Option<&BlockRecord>,
    p: &Params<'_>,
) -> Result<Value, RpcError> {
    p.at_most(2)?;
    let index = number_or_quantity(p.required(1, "index")?, "index")?;
    let record = block
        .and_then(|b| {
            usize::try_from(index)
                .ok()
                .and_then(|i| b.transactions.get(i))
        })
        .and_then(|hash| chain.transaction(hash));
    match record {
        Some(record) => json(render::transaction(record)),
        None => Ok(Value::Null),
    }
}

/// Uncle counts: 0 for a block that exists (the devnet has no uncles), null otherwise.
fn uncle_count(block: Option<&BlockRecord>) -> Result<Value, RpcError> {
    match block {
        Some(_) => quantity(0),
        None => Ok(Value::Null),
    }
}

/// Answers one method call.
pub fn dispatch(chain: &mut Chain, method: &str, params: &Value) -> Result<Value, RpcError> {
    let method = Method::from_name(method).ok_or_else(|| RpcError::method_not_found(method))?;
    let p = Params::new(params)?;
    use Method as M;
    match method {
        M::Web3ClientVersion => json(CLIENT_VERSION),
        M::Web3Sha3 => {
            p.at_most(1)?;
            let data: Bytes = p.required(0, "data")?;
            json(alloy_primitives::keccak256(&data))
        }
        M::NetVersion => json(chain.chain_id().to_string()),
        M::NetListening => json(true),
        M::EthChainId => quantity(chain.chain_id()),
        M::EthBlockNumber => quantity(chain.latest()),
        M::EthSyncing => json(false),
        M::EthAccounts => json(chain.accounts()),
        M::EthGetBlockByNumber => {
            p.at_most(2)?;
            let tag: BlockNumberOrTag = p.required(0, "block")?;
            let full: bool = p.optional(1, "full transactions")?.unwrap_or(false);
            match chain.resolve_tag(tag).and_then(|n| chain.block(n)) {
                Some(block) => json(render::block(chain, block, full)),
                None => Ok(Value::Null),
            }
        }
        M::EthGetBlockByHash => {
            p.at_most(2)?;
            let hash: B256 = p.required(0, "block hash")?;
            let full: bool = p.optional(1, "full transactions")?.unwrap_or(false);
            match chain.block_by_hash(hash) {
                Some(block) => json(render::block(chain, block, full)),
                None => Ok(Value::Null),
            }
        }
        M::EthGetBlockTransactionCountByNumber => {
            p.at_most(1)?;
            let tag: BlockNumberOrTag = p.required(0, "block")?;
            match chain.resolve_tag(tag).and_then(|n| chain.block(n)) {
                Some(block) => quantity(block.transactions.len() as u64),
                None => Ok(Value::Null),
            }
        }
        M::EthGetBlockTransactionCountByHash => {
            p.at_most(1)?;
            let hash: B256 = p.required(0, "block hash")?;
            match chain.block_by_hash(hash) {
                Some(block) => quantity(block.transactions.len() as u64),
                None => Ok(Value::Null),
            }
        }
        M::EthGetBalance => {
            p.at_most(2)?;
            let address: Address = p.required(0, "address")?;
            json(chain.balance(address, p.block(1)?)?)
        }
        M::EthGetTransactionCount => {
            p.at_most(2)?;
            let address: Address = p.required(0, "address")?;
            quantity(chain.nonce(address, p.block(1)?)?)
        }
        M::EthGetCode => {
            p.at_most(2)?;
            let address: Address = p.required(0, "address")?;
            json(chain.code(address, p.block(1)?)?)
        }
        M::EthGetStorageAt => {
            p.at_most(3)?;
            let address: Address = p.required(0, "address")?;
            let slot: U256 = p.required(1, "slot")?;
            json(chain.storage(address, slot, p.block(2)?)?)
        }
        M::EthGasPrice => json(U256::from(BASE_FEE)),
        M::EthMaxPriorityFeePerGas => json(U256::ZERO),
        M::EthFeeHistory => {
            p.at_most(3)?;
            let count = number_or_quantity(p.required(0, "block count")?, "block count")?;
            let newest: BlockNumberOrTag = p.required(1, "newest block")?;
            let percentiles: Option<Vec<f64>> = p.optional(2, "reward percentiles")?;
            let newest = chain
                .resolve_tag(newest)
                .ok_or_else(|| RpcError::server("header not found"))?;
            let count = count.clamp(1, 1024).min(newest + 1);
            let oldest = newest + 1 - count;
            let ratios = (oldest..=newest)
                .map(|n| {
                    chain
                        .block(n)
                        .map(|b| b.header.gas_used as f64 / b.header.gas_limit as f64)
                        .unwrap_or(0.0)
                })
                .collect();
            json(FeeHistory {
                base_fee_per_gas: vec![BASE_FEE; count as usize + 1],
                gas_used_ratio: ratios,
                base_fee_per_blob_gas: Vec::new(),
                blob_gas_used_ratio: Vec::new(),
                oldest_block: oldest,
                reward: percentiles.map(|p| vec![vec![0u128; p.len()]; count as usize]),
            })
        }
        M::EthEstimateGas => {
            p.at_most(3)?;
            let req: TransactionRequest = p.required(0, "transaction")?;
            let call = call_request(&req)?;
            if call.to.is_none() {
                return Err(RpcError::server(
                    "gas estimation of contract creation is not supported",
                ));
            }
            quantity(chain.estimate_gas(&call, p.block(1)?)?)
        }
        M::EthCall => {
            p.at_most(4)?;
            let req: TransactionRequest = p.required(0, "transaction")?;
            if p.optional::<Value>(2, "state overrides")?.is_some() {
                return Err(RpcError::invalid_params(
                    "state overrides are not supported",
                ));
            }
            let call = call_request(&req)?;
            json(chain.call(&call, p.block(1)?)?)
        }
        M::EthSendRawTransaction => {
            p.at_most(1)?;
            let raw: Bytes = p.required(0, "raw transaction")?;
            let tx = decode_raw(&raw, chain.chain_id())?;
            json(chain.submit(tx)?)
        }
        M::EthSendTransaction => sign::send_transaction(chain, &p),
        M::EthGetTransactionByHash => {
            p.at_most(1)?;
            let hash: B256 = p.required(0, "transaction hash")?;
            match chain.transaction(&hash) {
                Some(record) => json(render::transaction(record)),
                None => Ok(Value::Null),
            }
        }
        M::EthGetTransactionReceipt => {
            p.at_most(1)?;
            let hash: B256 = p.required(0, "transaction hash")?;
            match chain.transaction(&hash) {
                Some(record) => json(render::receipt(record)),
                None => Ok(Value::Null),
            }
        }
        M::EthGetLogs => filters::get_logs(chain, &p),
        M::EvmMine => {
            p.at_most(1)?;
            if let Some(ts) = p.optional::<Value>(0, "timestamp")? {
                if !ts.is_object() {
                    chain.set_next_timestamp(number_or_quantity(ts, "timestamp")?)?;
                }
            }
            chain.mine();
            json("0x0")
        }
        M::AnvilMine | M::HardhatMine => {
            p.at_most(2)?;
            let blocks = match p.optional::<Value>(0, "blocks")? {
                Some(v) => number_or_quantity(v, "blocks")?,
                None => 1,
            };
            let interval = match p.optional::<Value>(1, "interval")? {
                Some(v) => Some(number_or_quantity(v, "interval")?),
                None => None,
            };
            if blocks > 10_000 {
                return Err(RpcError::invalid_params("at most 10000 blocks at a time"));
            }
            for _ in 0..blocks {
                if let Some(secs) = interval {
                    let next = chain
                        .latest_block()
                        .header
                        .timestamp
                        .saturating_add(secs.max(1));
                    chain.set_next_timestamp(next)?;
                }
                chain.mine();
            }
            Ok(Value::Null)
        }
        M::EvmIncreaseTime => {
            p.at_most(1)?;
            let secs = number_or_quantity(p.required(0, "seconds")?, "seconds")?;
            let offset = chain.increase_time(secs);
            json(i64::try_from(offset).unwrap_or(i64::MAX))
        }
        M::EvmSetNextBlockTimestamp => {
            p.at_most(1)?;
            let ts = number_or_quantity(p.required(0, "timestamp")?, "timestamp")?;
            chain.set_next_timestamp(ts)?;
            Ok(Value::Null)
        }
        M::AnvilSetBalance | M::HardhatSetBalance => {
            p.at_most(2)?;
            let address: Address = p.required(0, "address")?;
            let value: U256 = p.required(1, "balance")?;
            chain.set_balance(address, value);
            Ok(Value::Null)
        }
        M::EvmSnapshot => {
            p.at_most(0)?;
            json(U256::from(chain.snapshot()))
        }
        M::EvmRevert => {
            p.at_most(1)?;
            let id: U256 = p.required(0, "snapshot id")?;
            json(
                u64::try_from(id)
                    .map(|id| chain.revert(id))
                    .unwrap_or(false),
            )
        }
        M::NetPeerCount => quantity(0),
        M::EthCoinbase => json(Address::ZERO),
        M::EthMining => json(true),
        M::EthBlobBaseFee => quantity(BLOB_BASE_FEE),
        M::EthGetBlockReceipts => {
            p.at_most(1)?;
            let id: BlockId = p.required(0, "block")?;
            let block = match id {
                BlockId::Hash(hash) => chain.block_by_hash(hash.block_hash),
                BlockId::Number(tag) => chain.resolve_tag(tag).and_then(|n| chain.block(n)),
            };
            match block {
                Some(block) => json(
                    block
                        .transactions
                        .iter()
                        .filter_map(|h| chain.transaction(h))
                        .map(render::receipt)
                        .collect::<Vec<_>>(),
                ),
                None => Ok(Value::Null),
            }
        }
        M::EthGetTransactionByBlockNumberAndIndex => {
            transaction_at(chain, block_by_tag(chain, &p)?, &p)
        }
        M::EthGetTransactionByBlockHashAndIndex => {
            transaction_at(chain, block_by_hash(chain, &p)?, &p)
        }
        M::EthGetUncleCountByBlockNumber => {
            p.at_most(1)?;
            uncle_count(block_by_tag(chain, &p)?)
        }
        M::EthGetUncleCountByBlockHash => {
            p.at_most(1)?;
            uncle_count(block_by_hash(chain, &p)?)
        }
        M::EthGetUncleByBlockNumberAndIndex | M::EthGetUncleByBlockHashAndIndex => {
            p.at_most(2)?;
            Ok(Value::Null)
        }
        M::EthNewFilter => filters::new_filter(chain, &p),
        M::EthNewBlockFilter => filters::new_hash_filter(chain, &p, FilterKind::Blocks),
        M::EthNewPendingTransactionFilter => {
            filters::new_hash_filter(chain, &p, FilterKind::PendingTransactions)
        }
        M::EthGetFilterChanges => filters::get_filter_changes(chain, &p),
        M::EthGetFilterLogs => filters::get_filter_logs(chain, &p),
        M::EthUninstallFilter => filters::uninstall_filter(chain, &p),
        M::EthSign => sign::sign_message(chain, &p, true),
        M::PersonalSign => sign::sign_message(chain, &p, false),
        // web3.py's `sign_typed_data` calls `eth_signTypedData`; anvil and geth's clef answer
        // it, and v3 (no arrays), with the v4 encoding, as here.
        M::EthSignTypedDataV4 | M::EthSignTypedDataV3 | M::EthSignTypedData => {
            sign::sign_typed_data(chain, &p)
        }
        M::EthSignTransaction => sign::sign_transaction(chain, &p),
        M::AnvilSetNonce | M::HardhatSetNonce => cheats::set_nonce(chain, &p),
        M::AnvilSetStorageAt | M::HardhatSetStorageAt => cheats::set_storage_at(chain, &p),
        M::AnvilSetCode | M::HardhatSetCode => cheats::set_code(chain, &p),
        M::AnvilImpersonateAccount | M::HardhatImpersonateAccount => {
            cheats::impersonate(chain, &p, true)
        }
        M::AnvilStopImpersonatingAccount | M::HardhatStopImpersonatingAccount => {
            cheats::impersonate(chain, &p, false)
        }
        M::AnvilAutoImpersonateAccount => cheats::auto_impersonate(chain, &p),
        M::AnvilNodeInfo => cheats::node_info(chain, &p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_name_parses_back_to_its_method() {
        for method in Method::ALL {
            assert_eq!(Method::from_name(method.name()), Some(*method));
        }
        let mut names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Method::ALL.len(), "a name is listed twice");
    }

    #[test]
    fn unknown_and_miscased_names_are_not_methods() {
        for name in [
            "",
            "eth_chainid",
            "ETH_CHAINID",
            "eth_subscribe",
            "eth_chainId ",
        ] {
            assert_eq!(Method::from_name(name), None, "{name:?}");
        }
    }
}
