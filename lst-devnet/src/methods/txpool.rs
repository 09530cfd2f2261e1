//! Mining modes and the transaction pool: `evm_setAutomine`, `evm_setIntervalMining`,
//! `txpool_status` / `txpool_content` / `txpool_inspect` (geth's shapes), and
//! `anvil_dropTransaction`.

use std::collections::BTreeMap;

use alloy_consensus::Transaction as _;
use alloy_primitives::{Address, B256, U64};
use serde_json::{json, Value};

use super::params::{json, number_or_quantity, Params};
use crate::chain::{Chain, Pooled};
use crate::render;
use crate::rpc::RpcError;

/// `evm_setAutomine(bool)`. Turning it on mines what the pool holds ready.
pub(super) fn set_automine(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let on: bool = p.required(0, "enabled")?;
    chain.set_automine(on);
    Ok(Value::Null)
}

/// Longest interval accepted, one day (a larger one is almost certainly a unit mistake:
/// the argument is in seconds).
const MAX_INTERVAL: u64 = 86_400;

/// `evm_setIntervalMining(secs)`: a block every `secs` seconds, 0 to stop.
pub(super) fn set_interval(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let secs = number_or_quantity(p.required(0, "interval")?, "interval")?;
    if secs > MAX_INTERVAL {
        return Err(RpcError::invalid_params(format!(
            "interval: at most {MAX_INTERVAL} seconds"
        )));
    }
    chain.set_interval_mining(secs);
    Ok(Value::Null)
}

/// `txpool_status`: `{pending, queued}` counts.
pub(super) fn status(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(0)?;
    let (pending, queued) = chain.pool_content();
    let count = |side: &BTreeMap<Address, BTreeMap<u64, &Pooled>>| {
        U64::from(side.values().map(BTreeMap::len).sum::<usize>())
    };
    Ok(json!({ "pending": count(&pending), "queued": count(&queued) }))
}

/// geth's shape: `{pending: {sender: {nonce: item}}, queued: {…}}`, nonces as decimal strings.
fn by_sender(
    chain: &Chain,
    item: impl Fn(&Pooled) -> Result<Value, RpcError>,
) -> Result<Value, RpcError> {
    let (pending, queued) = chain.pool_content();
    let side = |txs: BTreeMap<Address, BTreeMap<u64, &Pooled>>| -> Result<Value, RpcError> {
        let mut out = serde_json::Map::new();
        for (sender, nonces) in txs {
            let mut inner = serde_json::Map::new();
            for (nonce, pooled) in nonces {
                inner.insert(nonce.to_string(), item(pooled)?);
            }
            out.insert(sender.to_checksum(None), Value::Object(inner));
        }
        Ok(Value::Object(out))
    };
    Ok(json!({ "pending": side(pending)?, "queued": side(queued)? }))
}

/// `txpool_content`: every waiting transaction as `eth_getTransactionByHash` shows it.
pub(super) fn content(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(0)?;
    by_sender(chain, |pooled| json(render::pooled_transaction(pooled)))
}

/// `txpool_inspect`: one line per transaction, `"to: value wei + gas gas × price wei"`.
pub(super) fn inspect(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(0)?;
    by_sender(chain, |pooled| {
        let tx = pooled.tx.inner();
        let to = match tx.kind().to() {
            Some(to) => to.to_checksum(None),
            None => "contract creation".to_owned(),
        };
        Ok(json!(format!(
            "{to}: {} wei + {} gas × {} wei",
            tx.value(),
            tx.gas_limit(),
            tx.max_fee_per_gas()
        )))
    })
}

/// `anvil_dropTransaction(hash)`: the hash if it was waiting, else null.
pub(super) fn drop_one(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let hash: B256 = p.required(0, "transaction hash")?;
    if chain.drop_transaction(&hash) {
        json(hash)
    } else {
        Ok(Value::Null)
    }
}
