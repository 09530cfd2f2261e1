//! Tracing: `debug_traceTransaction`, `debug_traceCall`, `debug_traceBlockByNumber` and
//! `debug_traceBlockByHash`, with geth's `callTracer`, Nitro's `stylusTracer` and geth's
//! default struct logger (the EVM frames' instructions; a Stylus frame's steps are its
//! hostios, which `stylusTracer` lists).

use alloy_consensus::Transaction as _;
use alloy_eips::BlockId;
use alloy_primitives::{Bytes, B256, U64};
use alloy_rpc_types_eth::TransactionRequest;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use stylus_devnet::{CallTrace, HostioTrace, StructLog, Trace};

use super::params::{call_request, Params};
use crate::chain::{BlockRecord, Chain};
use crate::rpc::RpcError;

/// The tracing options this node reads (geth's `TraceConfig`; of the struct logger's
/// switches, `disableStack` is honoured, and the others are accepted: memory, storage and
/// return data are not logged).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    tracer: Option<String>,
    #[serde(default)]
    tracer_config: TracerConfig,
    #[serde(default)]
    disable_stack: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TracerConfig {
    /// callTracer: the top frame only.
    #[serde(default)]
    only_top_call: bool,
}

enum Tracer {
    Call { only_top: bool },
    Stylus,
    StructLogs { stack: bool },
}

fn tracer(options: Option<Options>) -> Result<Tracer, RpcError> {
    let options = options.unwrap_or_default();
    match options.tracer.as_deref() {
        None | Some("") | Some("structLogger") => Ok(Tracer::StructLogs {
            stack: !options.disable_stack,
        }),
        Some("callTracer") => Ok(Tracer::Call {
            only_top: options.tracer_config.only_top_call,
        }),
        Some("stylusTracer") => Ok(Tracer::Stylus),
        Some(other) => Err(RpcError::server(format!(
            "tracer {other:?} is not supported: callTracer, stylusTracer or the default struct \
             logger (no JavaScript tracers)"
        ))),
    }
}

/// What a trace is rendered from: the top frame's gas and outcome as the transaction saw them.
struct Outcome {
    gas: u64,
    gas_used: u64,
    failed: bool,
    output: Vec<u8>,
}

fn render(tracer: &Tracer, trace: &Trace, outcome: &Outcome) -> Value {
    match tracer {
        Tracer::StructLogs { stack } => {
            let logs: Vec<Value> = trace
                .struct_logs
                .iter()
                .map(|l| struct_log(l, *stack))
                .collect();
            json!({
                "gas": outcome.gas_used,
                "failed": outcome.failed,
                "returnValue": Bytes::copy_from_slice(&outcome.output),
                "structLogs": logs,
            })
        }
        Tracer::Stylus => Value::Array(trace.hostios.iter().map(hostio).collect()),
        Tracer::Call { only_top } => match &trace.call {
            Some(frame) => {
                let mut top = call_frame(frame, *only_top);
                // The top frame shows the transaction's gas, intrinsic cost included.
                top.insert("gas".into(), json!(U64::from(outcome.gas)));
                top.insert("gasUsed".into(), json!(U64::from(outcome.gas_used)));
                Value::Object(top)
            }
            None => Value::Null,
        },
    }
}

/// One EVM instruction as geth's struct logger renders it (`pc`, `op` by name, `gas`,
/// `gasCost`, `depth`, `error` when it halted the frame, `stack` bottom first).
fn struct_log(log: &StructLog, stack: bool) -> Value {
    let mut out = Map::new();
    out.insert("pc".into(), json!(log.pc));
    out.insert("op".into(), json!(log.op_name()));
    out.insert("gas".into(), json!(log.gas));
    out.insert("gasCost".into(), json!(log.gas_cost));
    out.insert("depth".into(), json!(log.depth));
    if let Some(error) = &log.error {
        out.insert("error".into(), json!(error));
    }
    if stack {
        out.insert("stack".into(), json!(log.stack));
    }
    Value::Object(out)
}

fn hostio(h: &HostioTrace) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(h.name));
    out.insert("args".into(), json!(Bytes::copy_from_slice(&h.args)));
    out.insert("outs".into(), json!(Bytes::copy_from_slice(&h.outs)));
    out.insert("startInk".into(), json!(h.start_ink));
    out.insert("endInk".into(), json!(h.end_ink));
    if let Some(address) = h.address {
        out.insert("address".into(), json!(address));
    }
    if let Some(steps) = &h.steps {
        out.insert(
            "steps".into(),
            Value::Array(steps.iter().map(hostio).collect()),
        );
    }
    Value::Object(out)
}

fn call_frame(frame: &CallTrace, only_top: bool) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), json!(frame.kind));
    out.insert("from".into(), json!(frame.from));
    out.insert("to".into(), json!(frame.to));
    // As geth's callTracer: calls and creations carry their value.
    if matches!(frame.kind, "CALL" | "CREATE" | "CREATE2") {
        out.insert("value".into(), json!(frame.value));
    }
    out.insert("gas".into(), json!(U64::from(frame.gas)));
    out.insert("gasUsed".into(), json!(U64::from(frame.gas_used)));
    out.insert("input".into(), json!(Bytes::copy_from_slice(&frame.input)));
    if !frame.output.is_empty() {
        out.insert(
            "output".into(),
            json!(Bytes::copy_from_slice(&frame.output)),
        );
    }
    if let Some(error) = &frame.error {
        out.insert("error".into(), json!(error));
        let reason = (!frame.output.is_empty())
            .then(|| alloy_sol_types::decode_revert_reason(&frame.output))
            .flatten();
        if let Some(reason) = reason {
            out.insert("revertReason".into(), json!(reason));
        }
    }
    if !only_top && !frame.calls.is_empty() {
        let calls = frame
            .calls
            .iter()
            .map(|c| Value::Object(call_frame(c, false)))
            .collect();
        out.insert("calls".into(), Value::Array(calls));
    }
    out
}

fn traced_transaction(chain: &Chain, hash: &B256, tracer: &Tracer) -> Result<Value, RpcError> {
    let (record, trace) = chain.trace_transaction(hash)?;
    let outcome = Outcome {
        gas: record.tx.inner().gas_limit(),
        gas_used: record.gas_used,
        failed: !record.success,
        output: record.output.to_vec(),
    };
    Ok(render(tracer, &trace, &outcome))
}

/// `debug_traceTransaction(hash, options)`.
pub(super) fn trace_transaction(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(2)?;
    let hash: B256 = p.required(0, "transaction hash")?;
    let tracer = tracer(p.optional(1, "tracing options")?)?;
    traced_transaction(chain, &hash, &tracer)
}

/// `debug_traceCall(call, block, options)`.
pub(super) fn trace_call(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(3)?;
    let req: TransactionRequest = p.required(0, "transaction")?;
    let call = call_request(&req)?;
    let id = match p.optional::<Value>(1, "block")? {
        Some(_) => p.block(1)?,
        None => BlockId::latest(),
    };
    let tracer = tracer(p.optional(2, "tracing options")?)?;
    let (receipt, trace) = chain.trace_call(&call, id)?;
    let outcome = Outcome {
        gas: call.gas.unwrap_or(crate::chain::MAX_TX_GAS),
        gas_used: receipt.gas_used,
        failed: !receipt.is_success(),
        output: receipt.output,
    };
    Ok(render(&tracer, &trace, &outcome))
}

/// `debug_traceBlockByNumber` / `debug_traceBlockByHash`: `[{txHash, result}]` in block order.
pub(super) fn trace_block(
    chain: &Chain,
    block: Option<&BlockRecord>,
    p: &Params<'_>,
) -> Result<Value, RpcError> {
    p.at_most(2)?;
    let block = block.ok_or_else(|| RpcError::server("block not found"))?;
    let tracer = tracer(p.optional(1, "tracing options")?)?;
    let mut out = Vec::with_capacity(block.transactions.len());
    for hash in &block.transactions {
        out.push(json!({
            "txHash": hash,
            "result": traced_transaction(chain, hash, &tracer)?,
        }));
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::U256;

    #[test]
    fn tracers_by_name() {
        let parse = |v: Value| tracer(serde_json::from_value(v).unwrap());
        assert!(matches!(
            parse(json!({})),
            Ok(Tracer::StructLogs { stack: true })
        ));
        assert!(matches!(
            parse(json!({"disableStack": true, "enableMemory": true})),
            Ok(Tracer::StructLogs { stack: false })
        ));
        assert!(matches!(
            parse(json!({"tracer": "callTracer", "tracerConfig": {"onlyTopCall": true}})),
            Ok(Tracer::Call { only_top: true })
        ));
        assert!(matches!(
            parse(json!({"tracer": "stylusTracer"})),
            Ok(Tracer::Stylus)
        ));
        assert!(parse(json!({"tracer": "prestateTracer"})).is_err());
        assert!(parse(json!({"tracer": "{ result: function() {} }"})).is_err());
    }

    #[test]
    fn value_is_shown_for_calls_only_and_empty_parts_are_left_out() {
        let frame = CallTrace {
            kind: "STATICCALL",
            from: Default::default(),
            to: Default::default(),
            value: U256::ZERO,
            gas: 10,
            gas_used: 5,
            input: vec![1],
            output: Vec::new(),
            error: None,
            calls: Vec::new(),
        };
        let out = call_frame(&frame, false);
        for absent in ["value", "output", "error", "calls", "revertReason"] {
            assert!(!out.contains_key(absent), "{absent}");
        }
        assert_eq!(out["gasUsed"], json!("0x5"));
    }
}
