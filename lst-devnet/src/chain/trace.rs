//! Traces (`debug_traceTransaction`, `debug_traceCall`): a mined transaction (a creation by
//! EVM init code too) is replayed on the state before its block, after the transactions
//! before it in the block, with the devnet's tracer on; a call or creation runs with it on
//! at the block asked for.

use alloy_consensus::Transaction as _;
use alloy_eips::BlockId;
use alloy_primitives::B256;
use stylus_devnet::{Receipt, Trace};

use super::exec::{apply, check_initcode_size, is_stylus_code, CREATION_ACCESS_LIST};
use super::{At, CallRequest, Chain, TxRecord, MAX_TX_GAS};
use crate::rpc::RpcError;

/// Why the node's Stylus-code shortcut is not traced.
const STYLUS_CODE_CREATION: &str =
    "tracing a creation whose input is Stylus code (raw wasm or EF F0 00 code, which the node \
     deploys without a constructor and without a frame) is not supported; creations by EVM \
     init code are traced";

impl Chain {
    /// Replays mined transaction `hash` with tracing on: its record and its trace. Needs the
    /// state of the block before it (not kept for blocks before a `--state` load).
    pub fn trace_transaction(&self, hash: &B256) -> Result<(&TxRecord, Trace), RpcError> {
        let record = self
            .transaction(hash)
            .ok_or_else(|| RpcError::server(format!("transaction {hash} not found")))?;
        if record.tx.inner().kind().is_create() && is_stylus_code(record.tx.inner().input()) {
            return Err(RpcError::server(STYLUS_CODE_CREATION));
        }
        let number = record.block_number;
        let block = self
            .block(number)
            .ok_or_else(|| RpcError::server("header not found"))?;
        let parent = number.saturating_sub(1);
        let mut net = match self.at(BlockId::number(parent))? {
            At::Latest => self.state.net.clone(),
            At::Past(net) => net.clone(),
        };
        // The block's own context, as when it was built.
        net.set_timestamp(block.header.timestamp);
        net.set_l1_block_number(record.l1_block_number);
        for earlier in block.transactions.iter().take(record.index as usize) {
            let earlier = self
                .transaction(earlier)
                .ok_or_else(|| RpcError::internal("a block lists a transaction it lacks"))?;
            apply(&mut net, &earlier.tx)?;
        }
        net.set_tracing(true);
        let replayed = apply(&mut net, &record.tx)?;
        let trace = net
            .take_trace()
            .ok_or_else(|| RpcError::internal("the replay left no trace"))?;
        if replayed.0.gas_used != record.gas_used || replayed.0.is_success() != record.success {
            return Err(RpcError::internal(format!(
                "the replay of {hash} differs from the mined transaction (gas {} vs {})",
                replayed.0.gas_used, record.gas_used
            )));
        }
        Ok((record, trace))
    }

    /// Runs `call` at block `id` with tracing on and discards its changes: its receipt and
    /// trace.
    pub fn trace_call(
        &mut self,
        call: &CallRequest,
        id: BlockId,
    ) -> Result<(Receipt, Trace), RpcError> {
        if call.to.is_none() {
            if is_stylus_code(&call.input) {
                return Err(RpcError::server(STYLUS_CODE_CREATION));
            }
            if !call.access_list.is_empty() {
                return Err(RpcError::server(CREATION_ACCESS_LIST));
            }
        }
        let gas = call.gas.unwrap_or(MAX_TX_GAS);
        if gas > MAX_TX_GAS {
            return Err(RpcError::server(format!(
                "gas {gas} exceeds the limit of {MAX_TX_GAS}"
            )));
        }
        if matches!(self.at(id)?, At::Latest) {
            self.prepare_pending();
        }
        let mut net = match self.at(id)? {
            At::Latest => self.state.net.clone(),
            At::Past(net) => net.clone(),
        };
        net.set_gas_limit(gas);
        net.set_tracing(true);
        let receipt = match call.to {
            Some(to) => {
                net.call_with_access_list(call.from, to, &call.input, call.value, &call.access_list)
            }
            None => {
                check_initcode_size(&net, &call.input)?;
                net.call_create(call.from, &call.input, call.value)
            }
        };
        let trace = net
            .take_trace()
            .ok_or_else(|| RpcError::internal("the call left no trace"))?;
        Ok((receipt, trace))
    }
}
