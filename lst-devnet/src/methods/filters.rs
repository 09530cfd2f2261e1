//! Logs and filters: `eth_getLogs`, `eth_newFilter`, `eth_newBlockFilter`,
//! `eth_newPendingTransactionFilter`, `eth_getFilterChanges`, `eth_getFilterLogs`,
//! `eth_uninstallFilter`.

use alloy_eips::BlockNumberOrTag;
use alloy_primitives::U256;
use alloy_rpc_types_eth::{Filter, FilterBlockOption};
use serde_json::Value;

use super::params::{json, Params};
use super::MAX_LOG_RANGE;
use crate::chain::Chain;
use crate::filters::{FilterError, FilterKind, Polled};
use crate::render;
use crate::rpc::RpcError;

impl From<FilterError> for RpcError {
    fn from(e: FilterError) -> Self {
        RpcError::server(e.to_string())
    }
}

/// The blocks `filter` covers, `from..=to`, checked against [`MAX_LOG_RANGE`].
fn log_range(chain: &Chain, filter: &Filter) -> Result<(u64, u64), RpcError> {
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
    Ok((from, to))
}

/// The logs of blocks `from..=to` that `filter` matches, as RPC logs.
fn logs_in(chain: &Chain, filter: &Filter, from: u64, to: u64) -> Result<Value, RpcError> {
    let logs: Vec<_> = chain
        .logs(from, to, |log| filter.matches(log))
        .into_iter()
        .map(|(record, index, log)| render::log(record, index, log))
        .collect();
    json(logs)
}

/// `eth_getLogs`.
pub(super) fn get_logs(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let filter: Filter = p.required(0, "filter")?;
    let (from, to) = log_range(chain, &filter)?;
    logs_in(chain, &filter, from, to)
}

/// `eth_newFilter`: a log filter that reports logs of blocks mined from now on.
pub(super) fn new_filter(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let filter: Filter = p.required(0, "filter")?;
    // Checked now, so that a filter that can never answer is refused at once.
    log_range(chain, &filter)?;
    let next = chain.latest() + 1;
    json(
        chain
            .filters()
            .install(FilterKind::Logs(Box::new(filter)), next)?,
    )
}

/// `eth_newBlockFilter` and `eth_newPendingTransactionFilter`.
pub(super) fn new_hash_filter(
    chain: &mut Chain,
    p: &Params<'_>,
    kind: FilterKind,
) -> Result<Value, RpcError> {
    p.at_most(0)?;
    let next = chain.latest() + 1;
    json(chain.filters().install(kind, next)?)
}

/// `eth_getFilterChanges`: what the filter has not reported yet.
pub(super) fn get_filter_changes(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let id: U256 = p.required(0, "filter id")?;
    let latest = chain.latest();
    let Polled {
        kind,
        from,
        to,
        arrived,
    } = chain.filters().poll(id, latest)?;
    match kind {
        FilterKind::PendingTransactions => json(arrived),
        _ if from > to => json(Vec::<Value>::new()),
        FilterKind::Logs(filter) => {
            // The filter's own bounds, when it names blocks, still hold.
            let (mut from, mut to) = (from, to);
            if let FilterBlockOption::Range {
                from_block,
                to_block,
            } = &filter.block_option
            {
                if let Some(BlockNumberOrTag::Number(n)) = from_block {
                    from = from.max(*n);
                }
                if let Some(BlockNumberOrTag::Number(n)) = to_block {
                    to = to.min(*n);
                }
            }
            if let FilterBlockOption::AtBlockHash(hash) = &filter.block_option {
                match chain.block_by_hash(*hash) {
                    Some(block) => {
                        from = from.max(block.header.number);
                        to = to.min(block.header.number);
                    }
                    None => return json(Vec::<Value>::new()),
                }
            }
            if from > to {
                return json(Vec::<Value>::new());
            }
            logs_in(chain, &filter, from, to)
        }
        FilterKind::Blocks => json(
            (from..=to)
                .filter_map(|n| chain.block(n).map(|b| b.hash))
                .collect::<Vec<_>>(),
        ),
    }
}

/// `eth_getFilterLogs`: every log a log filter matches, as `eth_getLogs` would answer.
pub(super) fn get_filter_logs(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let id: U256 = p.required(0, "filter id")?;
    match chain.filters().kind(id)? {
        FilterKind::Logs(filter) => {
            let (from, to) = log_range(chain, &filter)?;
            logs_in(chain, &filter, from, to)
        }
        _ => Err(RpcError::server(
            "filter is not a log filter: use eth_getFilterChanges",
        )),
    }
}

/// `eth_uninstallFilter`.
pub(super) fn uninstall_filter(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let id: U256 = p.required(0, "filter id")?;
    json(chain.filters().uninstall(id))
}
