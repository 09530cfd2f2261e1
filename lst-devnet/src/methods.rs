//! The JSON-RPC methods: parameters in, [`Chain`] operations, standard objects out.

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, TxKind, B256, U256, U64};
use alloy_rpc_types_eth::{FeeHistory, Filter, FilterBlockOption, TransactionRequest};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::chain::{CallRequest, Chain, BASE_FEE, MAX_TX_GAS};
use crate::render;
use crate::rpc::RpcError;
use crate::tx::decode_raw;

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
}

/// Positional parameters of a request.
struct Params<'a> {
    items: &'a [Value],
}

impl<'a> Params<'a> {
    fn new(params: &'a Value) -> Result<Self, RpcError> {
        match params {
            Value::Array(items) => Ok(Self { items }),
            _ => Err(RpcError::invalid_params(
                "parameters must be an array (positional)",
            )),
        }
    }

    /// Refuses more than `max` parameters.
    fn at_most(&self, max: usize) -> Result<(), RpcError> {
        if self.items.len() > max {
            return Err(RpcError::invalid_params(format!(
                "too many arguments, want at most {max}"
            )));
        }
        Ok(())
    }

    fn required<T: DeserializeOwned>(&self, i: usize, what: &str) -> Result<T, RpcError> {
        match self.items.get(i) {
            None => Err(RpcError::invalid_params(format!(
                "missing value for required argument {i} ({what})"
            ))),
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| RpcError::invalid_params(format!("argument {i} ({what}): {e}"))),
        }
    }

    fn optional<T: DeserializeOwned>(&self, i: usize, what: &str) -> Result<Option<T>, RpcError> {
        match self.items.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.required(i, what).map(Some),
        }
    }

    fn block(&self, i: usize) -> Result<BlockId, RpcError> {
        Ok(self
            .optional::<BlockId>(i, "block")?
            .unwrap_or(BlockId::Number(BlockNumberOrTag::Latest)))
    }
}

fn json<T: Serialize>(value: T) -> Result<Value, RpcError> {
    serde_json::to_value(value).map_err(RpcError::internal)
}

fn quantity(n: u64) -> Result<Value, RpcError> {
    json(U64::from(n))
}

/// Accepts a JSON number or a hex quantity (tools send both to `evm_increaseTime`).
fn number_or_quantity(value: Value, what: &str) -> Result<u64, RpcError> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| RpcError::invalid_params(format!("{what}: not a u64"))),
        other => serde_json::from_value::<U64>(other)
            .map(|n| n.to::<u64>())
            .map_err(|e| RpcError::invalid_params(format!("{what}: {e}"))),
    }
}

fn call_request(req: &TransactionRequest) -> Result<CallRequest, RpcError> {
    let input = req.input.input().cloned().unwrap_or_default();
    if let (Some(a), Some(b)) = (&req.input.input, &req.input.data) {
        if a != b {
            return Err(RpcError::invalid_params(
                "both \"data\" and \"input\" are set and not equal",
            ));
        }
    }
    let to = match req.to {
        Some(TxKind::Call(to)) => Some(to),
        _ => None,
    };
    Ok(CallRequest {
        from: req.from.unwrap_or(Address::ZERO),
        to,
        input,
        value: req.value.unwrap_or_default(),
        gas: req.gas,
    })
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
        M::EthSendTransaction => {
            p.at_most(1)?;
            let req: TransactionRequest = p.required(0, "transaction")?;
            json(send_transaction(chain, &req)?)
        }
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
        M::EthGetLogs => {
            p.at_most(1)?;
            let filter: Filter = p.required(0, "filter")?;
            get_logs(chain, &filter)
        }
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
    }
}

/// `eth_sendTransaction`: fills in and signs a request from a development account.
fn send_transaction(chain: &mut Chain, req: &TransactionRequest) -> Result<B256, RpcError> {
    let from = req
        .from
        .ok_or_else(|| RpcError::invalid_params("\"from\" is required"))?;
    if !chain.can_sign(&from) {
        return Err(RpcError::server(format!(
            "unknown account {from}: eth_sendTransaction signs for the development accounts only"
        )));
    }
    if let Some(id) = req.chain_id {
        if id != chain.chain_id() {
            return Err(RpcError::server(format!(
                "invalid chain id {id}, this node is chain {}",
                chain.chain_id()
            )));
        }
    }
    let call = call_request(req)?;
    let kind = req.to.unwrap_or(TxKind::Create);
    let latest = BlockId::Number(BlockNumberOrTag::Latest);
    let gas = match (req.gas, kind) {
        (Some(gas), _) => gas,
        (None, TxKind::Call(_)) => chain.estimate_gas(&call, latest)?,
        (None, TxKind::Create) => MAX_TX_GAS,
    };
    let mut tx = chain.sign(from, kind, call.input.clone(), call.value, gas)?;
    let wants_custom = req.nonce.is_some()
        || req.max_fee_per_gas.is_some()
        || req.gas_price.is_some()
        || req.max_priority_fee_per_gas.is_some();
    if wants_custom {
        let max_fee = req
            .max_fee_per_gas
            .or(req.gas_price)
            .unwrap_or(2 * BASE_FEE);
        let unsigned = crate::tx::UnsignedTx {
            chain_id: chain.chain_id(),
            nonce: req.nonce.unwrap_or(chain.nonce(from, latest)?),
            gas_limit: gas,
            max_fee_per_gas: max_fee,
            max_priority_fee_per_gas: req.max_priority_fee_per_gas.unwrap_or(0).min(max_fee),
            to: kind,
            value: call.value,
            input: call.input,
        };
        tx = chain.sign_unsigned(from, unsigned)?;
    }
    chain.submit(tx)
}

/// `eth_getLogs`.
fn get_logs(chain: &Chain, filter: &Filter) -> Result<Value, RpcError> {
    let (from, to) = match &filter.block_option {
        FilterBlockOption::AtBlockHash(hash) => {
            let block = chain
                .block_by_hash(*hash)
                .ok_or_else(|| RpcError::server("unknown block"))?;
            (block.header.number, block.header.number)
        }
        FilterBlockOption::Range {
            from_block,
            to_block,
        } => {
            let latest = chain.latest();
            let resolve = |tag: Option<BlockNumberOrTag>| match tag {
                None => latest,
                Some(BlockNumberOrTag::Number(n)) => n,
                Some(tag) => chain.resolve_tag(tag).unwrap_or(latest),
            };
            (resolve(*from_block), resolve(*to_block))
        }
    };
    if from > to {
        return Err(RpcError::server(format!(
            "invalid block range: fromBlock {from} is after toBlock {to}"
        )));
    }
    if to - from > MAX_LOG_RANGE {
        return Err(RpcError::server(format!(
            "block range too large: at most {MAX_LOG_RANGE} blocks"
        )));
    }
    let logs: Vec<_> = chain
        .logs(from, to, |log| filter.matches(log))
        .into_iter()
        .map(|(record, index, log)| render::log(record, index, log))
        .collect();
    json(logs)
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
