//! A websocket connection's subscriptions (`eth_subscribe`, `eth_unsubscribe`) and what the
//! chain's events become for them: `eth_subscription` notifications, in the order of
//! publication (blocks in block order, a block's logs in log order), each subscription
//! notified in the order the subscriptions were made.
//!
//! A subscription only hears of events published after it was made (their sequence numbers,
//! read under the chain's lock). Until the answer that carries its id is queued, its
//! notifications are held back, so a client always knows an id before it sees it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use alloy_primitives::Log;
use alloy_rpc_types_eth::Filter;
use serde_json::Value;

use crate::chain::{ChainEvent, Published};
use crate::filters::covers_block;
use crate::render;
use crate::rpc::RpcError;

/// Most subscriptions one connection may hold at once (as many as filters a node holds).
pub const MAX_SUBSCRIPTIONS: usize = 1_000;

/// Subscription ids, unique across the node's connections (so that one connection cannot
/// name another's by accident).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// What a subscription announces.
#[derive(Clone, Debug)]
enum Kind {
    /// `newHeads`: each block's header.
    NewHeads,
    /// `logs`: the logs matching a filter.
    Logs(Box<Filter>),
    /// `newPendingTransactions`: each accepted transaction's hash.
    NewPendingTransactions,
}

#[derive(Debug)]
struct Subscription<T> {
    kind: Kind,
    /// The first event it hears of.
    from_seq: u64,
    /// Notifications held back until the answer with its id is queued; `None` once it is.
    held: Option<Vec<T>>,
}

/// One connection's subscriptions; `T` is a queued notification.
#[derive(Debug)]
pub(super) struct Subscriptions<T> {
    live: BTreeMap<u64, Subscription<T>>,
    /// Made while answering the current message, not yet announced.
    fresh: Vec<u64>,
}

impl<T> Default for Subscriptions<T> {
    fn default() -> Self {
        Self {
            live: BTreeMap::new(),
            fresh: Vec::new(),
        }
    }
}

fn render_id(id: u64) -> String {
    format!("{:#x}", id)
}

/// The id a client names, if it is one this node could have given.
fn parse_id(text: &str) -> Option<u64> {
    let digits = text.strip_prefix("0x")?;
    let id = u64::from_str_radix(digits, 16).ok()?;
    (render_id(id) == text).then_some(id)
}

fn kind_of(params: &[Value]) -> Result<Kind, RpcError> {
    let name = match params.first() {
        Some(Value::String(name)) => name.as_str(),
        Some(_) => {
            return Err(RpcError::invalid_params(
                "argument 0 (subscription kind) must be a string",
            ))
        }
        None => {
            return Err(RpcError::invalid_params(
                "missing value for required argument 0 (subscription kind)",
            ))
        }
    };
    if params.len() > 2 {
        return Err(RpcError::invalid_params(
            "too many arguments, want at most 2",
        ));
    }
    let option = params.get(1).filter(|v| !v.is_null());
    match name {
        "newHeads" => match option {
            None => Ok(Kind::NewHeads),
            Some(_) => Err(RpcError::invalid_params("newHeads takes no options")),
        },
        "logs" => {
            let filter = match option {
                None => Filter::new(),
                Some(value) => serde_json::from_value(value.clone()).map_err(|e| {
                    RpcError::invalid_params(format!("argument 1 (log filter): {e}"))
                })?,
            };
            Ok(Kind::Logs(Box::new(filter)))
        }
        "newPendingTransactions" => match option {
            None | Some(Value::Bool(false)) => Ok(Kind::NewPendingTransactions),
            Some(Value::Bool(true)) => Err(RpcError::invalid_params(
                "full pending transactions are not supported: subscribe to the hashes",
            )),
            Some(_) => Err(RpcError::invalid_params(
                "newPendingTransactions takes at most a boolean",
            )),
        },
        "syncing" => Err(RpcError::invalid_params(
            "syncing subscriptions are not supported (the node never syncs)",
        )),
        other => Err(RpcError::invalid_params(format!(
            "unknown subscription kind {other:?}: newHeads, logs or newPendingTransactions"
        ))),
    }
}

fn notification(id: u64, result: &str) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","method":"eth_subscription","params":{{"subscription":"{}","result":{result}}}}}"#,
        render_id(id)
    )
}

/// What an event renders to, computed once for all subscriptions.
#[derive(Default)]
struct Rendered<'a> {
    head: Option<Option<String>>,
    logs: Option<Vec<(&'a Log, u64, String)>>,
}

impl<T> Subscriptions<T> {
    /// `eth_subscribe` with `params`, hearing of events from `from_seq` on: the new id.
    pub(super) fn subscribe(&mut self, params: &Value, from_seq: u64) -> Result<Value, RpcError> {
        let Value::Array(params) = params else {
            return Err(RpcError::invalid_params(
                "parameters must be an array (positional)",
            ));
        };
        let kind = kind_of(params)?;
        if self.live.len() >= MAX_SUBSCRIPTIONS {
            return Err(RpcError::server(format!(
                "too many subscriptions: at most {MAX_SUBSCRIPTIONS} per connection \
                 (eth_unsubscribe some)"
            )));
        }
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        self.live.insert(
            id,
            Subscription {
                kind,
                from_seq,
                held: Some(Vec::new()),
            },
        );
        self.fresh.push(id);
        Ok(Value::String(render_id(id)))
    }

    /// `eth_unsubscribe`: true if `params` named a live subscription of this connection.
    pub(super) fn unsubscribe(&mut self, params: &Value) -> Result<Value, RpcError> {
        let id = match params {
            Value::Array(items) if items.len() == 1 => match &items[0] {
                Value::String(id) => id,
                _ => {
                    return Err(RpcError::invalid_params(
                        "argument 0 (subscription id) must be a string",
                    ))
                }
            },
            Value::Array(items) if items.is_empty() => {
                return Err(RpcError::invalid_params(
                    "missing value for required argument 0 (subscription id)",
                ))
            }
            _ => {
                return Err(RpcError::invalid_params(
                    "eth_unsubscribe takes one subscription id",
                ))
            }
        };
        let removed = parse_id(id).is_some_and(|id| self.live.remove(&id).is_some());
        Ok(Value::Bool(removed))
    }

    /// Number of live subscriptions.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.live.len()
    }

    /// The subscriptions made since the last call start notifying: their held notifications
    /// go to `send`, in order. Called right after the answer that holds their ids is queued.
    pub(super) fn announce_fresh(&mut self, mut send: impl FnMut(T)) {
        for id in std::mem::take(&mut self.fresh) {
            if let Some(held) = self.live.get_mut(&id).and_then(|s| s.held.take()) {
                held.into_iter().for_each(&mut send);
            }
        }
    }

    /// Turns `event` into notifications: each is made into an item by `make` (which may
    /// refuse: then delivery stops with its error), then held back or passed to `send`.
    pub(super) fn deliver<E>(
        &mut self,
        event: &Published,
        mut make: impl FnMut(String) -> Result<T, E>,
        mut send: impl FnMut(T),
    ) -> Result<(), E> {
        let mut rendered = Rendered::default();
        for (id, sub) in self.live.iter_mut() {
            if event.seq < sub.from_seq {
                continue;
            }
            for text in texts(*id, &sub.kind, event, &mut rendered) {
                let item = make(text)?;
                match &mut sub.held {
                    Some(held) => held.push(item),
                    None => send(item),
                }
            }
        }
        Ok(())
    }
}

/// The notifications subscription `id` of `kind` gets for `event`.
fn texts<'a>(
    id: u64,
    kind: &Kind,
    event: &'a Published,
    rendered: &mut Rendered<'a>,
) -> Vec<String> {
    match (&event.event, kind) {
        (ChainEvent::Transaction(hash), Kind::NewPendingTransactions) => {
            vec![notification(id, &format!("\"{hash}\""))]
        }
        (ChainEvent::Block { block, .. }, Kind::NewHeads) => {
            let head = rendered
                .head
                .get_or_insert_with(|| serde_json::to_string(&render::head(block)).ok());
            head.iter().map(|head| notification(id, head)).collect()
        }
        (
            ChainEvent::Block {
                block,
                transactions,
            },
            Kind::Logs(filter),
        ) => {
            if !covers_block(filter, block.header.number, block.hash) {
                return Vec::new();
            }
            let logs = rendered.logs.get_or_insert_with(|| {
                // Logs are numbered across the block, in transaction order.
                let mut index = 0u64;
                let mut logs = Vec::new();
                for record in transactions {
                    for log in &record.logs {
                        if let Ok(text) = serde_json::to_string(&render::log(record, index, log)) {
                            logs.push((log, index, text));
                        }
                        index += 1;
                    }
                }
                logs
            });
            logs.iter()
                .filter(|(log, _, _)| filter.matches(log))
                .map(|(_, _, text)| notification(id, text))
                .collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_parse_back_only_in_the_form_they_are_given() {
        assert_eq!(parse_id(&render_id(42)), Some(42));
        for bad in ["42", "0x", "0x02a", "0X2a", "0x2A", "0xzz", ""] {
            assert_eq!(parse_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn kinds_and_their_options_are_checked() {
        let mut subs = Subscriptions::<String>::default();
        assert!(subs.subscribe(&json!(["newHeads"]), 0).is_ok());
        assert!(subs.subscribe(&json!(["logs"]), 0).is_ok());
        assert!(subs
            .subscribe(&json!(["logs", {"address": [], "topics": [null]}]), 0)
            .is_ok());
        assert!(subs
            .subscribe(&json!(["newPendingTransactions", false]), 0)
            .is_ok());
        for bad in [
            json!([]),
            json!([1]),
            json!(["syncing"]),
            json!(["newBlocks"]),
            json!(["newHeads", {"x": 1}]),
            json!(["logs", {"address": "0x12"}]),
            json!(["newPendingTransactions", true]),
            json!(["logs", {}, 3]),
            json!({"kind": "newHeads"}),
        ] {
            let e = subs.subscribe(&bad, 0).unwrap_err();
            assert_eq!(e.code, crate::rpc::INVALID_PARAMS, "{bad}");
        }
        assert_eq!(subs.len(), 4);
    }

    #[test]
    fn unsubscribing_answers_whether_the_id_was_live() {
        let mut subs = Subscriptions::<String>::default();
        let id = subs.subscribe(&json!(["newHeads"]), 0).unwrap();
        assert_eq!(subs.unsubscribe(&json!([id])).unwrap(), json!(true));
        assert_eq!(subs.unsubscribe(&json!([id])).unwrap(), json!(false));
        assert_eq!(subs.unsubscribe(&json!(["0x0"])).unwrap(), json!(false));
        assert!(subs.unsubscribe(&json!([7])).is_err());
        assert!(subs.unsubscribe(&json!([])).is_err());
    }

    #[test]
    fn at_most_max_subscriptions_per_connection() {
        let mut subs = Subscriptions::<String>::default();
        for _ in 0..MAX_SUBSCRIPTIONS {
            subs.subscribe(&json!(["newHeads"]), 0).unwrap();
        }
        let e = subs.subscribe(&json!(["newHeads"]), 0).unwrap_err();
        assert_eq!(e.code, crate::rpc::SERVER_ERROR);
        assert!(e.message.contains("too many subscriptions"));
    }

    #[test]
    fn notifications_wait_for_the_answer_and_start_at_the_subscription() {
        use alloy_primitives::B256;
        let mut subs = Subscriptions::<String>::default();
        subs.subscribe(&json!(["newPendingTransactions"]), 5)
            .unwrap();
        let event = |seq| Published {
            seq,
            event: ChainEvent::Transaction(B256::repeat_byte(seq as u8)),
        };
        let mut sent = Vec::new();
        // Published before the subscription: not for it.
        subs.deliver(&event(4), Ok::<_, ()>, |t| sent.push(t))
            .unwrap();
        // After it, but before its id was answered: held back.
        subs.deliver(&event(5), Ok::<_, ()>, |t| sent.push(t))
            .unwrap();
        assert!(sent.is_empty());
        subs.announce_fresh(|t| sent.push(t));
        subs.deliver(&event(6), Ok::<_, ()>, |t| sent.push(t))
            .unwrap();
        assert_eq!(sent.len(), 2);
        let first: Value = serde_json::from_str(&sent[0]).unwrap();
        assert_eq!(first["method"], "eth_subscription");
        assert_eq!(first["params"]["result"], json!(B256::repeat_byte(5)));
        // A refusal stops delivery with its error.
        assert_eq!(
            subs.deliver(&event(7), |_| Err("full"), |_| {}),
            Err("full")
        );
    }
}
