//! The JSON-RPC methods: parameters in, [`Chain`] operations, standard objects out.
//!
//! [`dispatch`] parses the method name into a [`Method`] and answers it here, or in the
//! module of its family: `filters` (logs and filters), `sign` (the development accounts'
//! signatures), `cheats` (anvil's state cheats), `params` (the parameter shapes every method
//! shares), `persistence` (which methods change what a state file holds), `txpool` (mining
//! modes and the pool), `debug` (traces).

mod cheats;
mod debug;
mod filters;
mod node_interface;
mod params;
mod persistence;
mod sign;
mod txpool;

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_rpc_types_eth::{AccessListResult, FeeHistory, TransactionRequest};
use serde_json::Value;

use self::params::{call_request, json, number_or_quantity, overrides, quantity, Params};
use crate::chain::{from_devnet, BlockRecord, Chain, BASE_FEE};
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
    EthCreateAccessList => "eth_createAccessList",
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
    AnvilDumpState => "anvil_dumpState",
    AnvilLoadState => "anvil_loadState",
    AnvilReset => "anvil_reset",
    HardhatReset => "hardhat_reset",
    EvmSetAutomine => "evm_setAutomine",
    AnvilGetAutomine => "anvil_getAutomine",
    HardhatGetAutomine => "hardhat_getAutomine",
    EvmSetIntervalMining => "evm_setIntervalMining",
    AnvilSetIntervalMining => "anvil_setIntervalMining",
    AnvilGetIntervalMining => "anvil_getIntervalMining",
    TxpoolStatus => "txpool_status",
    TxpoolContent => "txpool_content",
    TxpoolInspect => "txpool_inspect",
    AnvilDropTransaction => "anvil_dropTransaction",
    HardhatDropTransaction => "hardhat_dropTransaction",
    AnvilDropAllTransactions => "anvil_dropAllTransactions",
    DebugTraceTransaction => "debug_traceTransaction",
    DebugTraceCall => "debug_traceCall",
    DebugTraceBlockByNumber => "debug_traceBlockByNumber",
    DebugTraceBlockByHash => "debug_traceBlockByHash",
    EthGetProof => "eth_getProof",
    EthSubscribe => "eth_subscribe",
    EthUnsubscribe => "eth_unsubscribe",
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

/// Answers one method call. When the call changed the chain and the chain has a state file
/// (`--state`), the file is written before the answer is returned: an answer (a transaction
/// hash, a receipt) means the change is on disk. If writing fails the call answers -32603:
/// the change stays in memory and is written with the next successful write.
pub fn dispatch(chain: &mut Chain, method: &str, params: &Value) -> Result<Value, RpcError> {
    let method = Method::from_name(method).ok_or_else(|| RpcError::method_not_found(method))?;
    let result = answer(chain, method, params);
    if method.changes_state() {
        if let Err(e) = chain.persist() {
            return Err(RpcError::internal(format!(
                "the state file was not written: {e}"
            )));
        }
    }
    result
}

fn answer(chain: &mut Chain, method: Method, params: &Value) -> Result<Value, RpcError> {
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
            match p.block(1)? {
                BlockId::Number(BlockNumberOrTag::Pending) => {
                    quantity(chain.pending_nonce(address))
                }
                id => quantity(chain.nonce(address, id)?),
            }
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
            p.at_most(4)?;
            let req: TransactionRequest = p.required(0, "transaction")?;
            let call = call_request(&req)?;
            let overrides = overrides(&p)?;
            quantity(chain.estimate_gas_with(&call, p.block(1)?, &overrides)?)
        }
        M::EthCall => {
            p.at_most(4)?;
            let req: TransactionRequest = p.required(0, "transaction")?;
            let call = call_request(&req)?;
            let overrides = overrides(&p)?;
            if call.to == Some(node_interface::NODE_INTERFACE) {
                if !overrides.is_empty() {
                    return Err(RpcError::invalid_params(
                        "overrides are not supported for NodeInterface calls",
                    ));
                }
                return json(node_interface::call(chain, &call, p.block(1)?)?);
            }
            json(chain.call_with(&call, p.block(1)?, &overrides)?)
        }
        M::EthCreateAccessList => {
            p.at_most(4)?;
            let req: TransactionRequest = p.required(0, "transaction")?;
            let call = call_request(&req)?;
            let overrides = overrides(&p)?;
            let (list, gas, error) = chain.create_access_list(&call, p.block(1)?, &overrides)?;
            // As geth: a failing call still answers its list, with the reason.
            json(AccessListResult {
                access_list: from_devnet(list),
                gas_used: U256::from(gas),
                error: error.map(|e| e.message),
            })
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
            match (chain.transaction(&hash), chain.pooled(&hash)) {
                (Some(record), _) => json(render::transaction(record)),
                (None, Some(pooled)) => json(render::pooled_transaction(pooled)),
                (None, None) => Ok(Value::Null),
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
        M::AnvilDumpState => cheats::dump_state(chain, &p),
        M::AnvilLoadState => cheats::load_state(chain, &p),
        M::AnvilReset | M::HardhatReset => cheats::reset(chain, &p),
        M::EvmSetAutomine => txpool::set_automine(chain, &p),
        M::AnvilGetAutomine | M::HardhatGetAutomine => {
            p.at_most(0)?;
            json(chain.automine())
        }
        M::EvmSetIntervalMining | M::AnvilSetIntervalMining => txpool::set_interval(chain, &p),
        M::AnvilGetIntervalMining => {
            p.at_most(0)?;
            json(chain.interval_mining())
        }
        M::TxpoolStatus => txpool::status(chain, &p),
        M::TxpoolContent => txpool::content(chain, &p),
        M::TxpoolInspect => txpool::inspect(chain, &p),
        M::AnvilDropTransaction | M::HardhatDropTransaction => txpool::drop_one(chain, &p),
        M::AnvilDropAllTransactions => {
            p.at_most(0)?;
            chain.drop_all_transactions();
            Ok(Value::Null)
        }
        M::DebugTraceTransaction => debug::trace_transaction(chain, &p),
        M::DebugTraceCall => debug::trace_call(chain, &p),
        M::DebugTraceBlockByNumber => debug::trace_block(chain, block_by_tag(chain, &p)?, &p),
        M::DebugTraceBlockByHash => debug::trace_block(chain, block_by_hash(chain, &p)?, &p),
        M::EthGetProof => {
            p.at_most(3)?;
            let address: Address = p.required(0, "address")?;
            let keys: Vec<alloy_serde::storage::JsonStorageKey> = p.required(1, "storage keys")?;
            if keys.len() > 1_000 {
                return Err(RpcError::invalid_params("at most 1000 storage keys"));
            }
            let slots: Vec<B256> = keys.iter().map(|k| k.as_b256()).collect();
            json(chain.proof(address, &slots, p.block(2)?)?)
        }
        // Answered by the websocket side (`server::ws`), which owns the connection they belong
        // to; over HTTP there is nothing to deliver notifications on. -32601, as anvil answers.
        M::EthSubscribe | M::EthUnsubscribe => Err(RpcError::new(
            crate::rpc::METHOD_NOT_FOUND,
            format!(
                "the method {} is not available over HTTP: subscriptions need a websocket \
                 (connect to ws:// on the same host and port)",
                method.name()
            ),
        )),
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
            "eth_subscription",
            "eth_chainId ",
        ] {
            assert_eq!(Method::from_name(name), None, "{name:?}");
        }
    }
}
