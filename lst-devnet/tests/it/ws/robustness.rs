//! The websocket under hostile traffic, measured: 100 subscriptions on ten connections
//! while other clients send malformed frames, break the protocol and disconnect in the
//! middle of their streams, and transactions and blocks go on over HTTP. Every
//! subscriber must receive every block and every log once, in order; the node must answer
//! throughout. The figures it prints are the ones in the node's README.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use alloy::primitives::Address;
use futures_util::SinkExt;
use lst_devnet::RunningNode;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::MaybeTlsStream;

use super::client::{open, Client, Ending};
use crate::common::{code_of, node, quantity, rpc, set_delay};

/// Subscribing connections, and subscriptions on each (half newHeads, half logs).
const CONNECTIONS: usize = 10;
const PER_CONNECTION: usize = 10;
/// Transactions sent over HTTP meanwhile (each mined in its own block, with one log: an
/// oracle-set delay change), and
/// empty blocks mined between them.
const TRANSACTIONS: u8 = 40;
const EMPTY_BLOCKS: u64 = 60;
/// Rounds of each kind of misbehaviour.
const ROUNDS: usize = 25;

/// What the misbehaving clients did.
#[derive(Default)]
struct Tried {
    malformed: AtomicUsize,
    refused: AtomicUsize,
    protocol_breaks: AtomicUsize,
    disconnects: AtomicUsize,
}

/// Messages that are not JSON-RPC, each with the error code it must get back.
fn malformed() -> Vec<(Message, i64)> {
    vec![
        (Message::text("{"), -32700),
        (Message::text("not json at all"), -32700),
        (Message::binary(vec![0xff, 0xfe, 0x00, 0x80]), -32700),
        (Message::text("[]"), -32600),
        (Message::text("42"), -32600),
        (Message::text(r#"{"jsonrpc":"2.0","id":1}"#), -32600),
        (
            Message::text(r#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["nope"]}"#),
            -32602,
        ),
        (
            Message::text(r#"{"jsonrpc":"2.0","id":1,"method":"eth_unsubscribe","params":[7]}"#),
            -32602,
        ),
    ]
}

/// Sends every malformed message on one connection, checks each answer, then that the
/// connection still answers a good request.
async fn send_malformed(node: &RunningNode, tried: &Tried) {
    let mut client = Client::connect(node).await;
    for (message, code) in malformed() {
        client.socket.send(message).await.unwrap();
        let answer = client.next_value().await;
        let error = match &answer {
            Value::Array(items) => items[0]["error"].clone(),
            _ => answer["error"].clone(),
        };
        assert_eq!(code_of(&error), code, "{answer}");
        tried.malformed.fetch_add(1, Ordering::Relaxed);
    }
    client
        .send_text(" ".repeat(lst_devnet::server::MAX_WS_MESSAGE_BYTES + 1))
        .await;
    assert_eq!(code_of(&client.next_value().await["error"]), -32600);
    tried.refused.fetch_add(1, Ordering::Relaxed);
    assert_eq!(
        client.call("eth_chainId", json!([])).await.unwrap(),
        "0x64aba"
    );
}

/// Writes a frame with a reserved opcode straight onto the socket: the node closes with
/// 1002 (protocol error).
async fn break_protocol(node: &RunningNode, tried: &Tried) {
    let mut socket = open(node).await;
    match socket.get_mut() {
        MaybeTlsStream::Plain(tcp) => {
            // FIN + opcode 3 (reserved), masked, empty payload.
            tcp.write_all(&[0x83, 0x80, 1, 2, 3, 4]).await.unwrap();
        }
        _ => unreachable!("the node speaks plain ws"),
    }
    let (_, ending) = Client::ending(&mut socket).await;
    match ending {
        Ending::Closed(Some(frame)) => assert_eq!(frame.code, CloseCode::Protocol),
        // The node may drop the connection before the client reads the close frame.
        Ending::Dropped(_) | Ending::Closed(None) => {}
    }
    tried.protocol_breaks.fetch_add(1, Ordering::Relaxed);
}

/// Subscribes, reads a little, then drops the TCP connection without a close frame, with
/// a request in flight.
async fn disconnect_mid_stream(node: &RunningNode, tried: &Tried) {
    let mut client = Client::connect(node).await;
    client.subscribe(json!(["newHeads"])).await;
    client.subscribe(json!(["logs"])).await;
    client
        .send_text(json!({"jsonrpc": "2.0", "id": 9, "method": "eth_getBlockByNumber", "params": ["latest", true]}).to_string())
        .await;
    drop(client);
    tried.disconnects.fetch_add(1, Ordering::Relaxed);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_websocket_traffic_loses_no_notification() {
    let node = Arc::new(node(false).await);
    let began = Instant::now();
    let start = quantity(&rpc(&node, "eth_blockNumber", json!([])).await.unwrap());
    let mut subscribers = Vec::new();
    for _ in 0..CONNECTIONS {
        let mut client = Client::connect(&node).await;
        let mut heads = Vec::new();
        let mut logs = Vec::new();
        for k in 0..PER_CONNECTION {
            if k % 2 == 0 {
                heads.push(client.subscribe(json!(["newHeads"])).await);
            } else {
                logs.push(
                    client
                        .subscribe(json!(["logs", {"address": node.registry}]))
                        .await,
                );
            }
        }
        subscribers.push((client, heads, logs));
    }
    let tried = Arc::new(Tried::default());
    let mut misbehaving = Vec::new();
    for round in 0..ROUNDS {
        let (node, tried) = (node.clone(), tried.clone());
        misbehaving.push(tokio::spawn(async move {
            match round % 3 {
                0 => send_malformed(&node, &tried).await,
                1 => break_protocol(&node, &tried).await,
                _ => disconnect_mid_stream(&node, &tried).await,
            }
            // Every kind, every round.
            disconnect_mid_stream(&node, &tried).await;
        }));
    }
    let chain = {
        let node = node.clone();
        tokio::spawn(async move {
            for i in 0..TRANSACTIONS {
                set_delay(&node, u32::from(i % 29) + 1).await;
                if u64::from(i) < EMPTY_BLOCKS / 2 {
                    rpc(&node, "anvil_mine", json!([2])).await.unwrap();
                }
            }
        })
    };
    for task in misbehaving {
        task.await.unwrap();
    }
    chain.await.unwrap();
    let end = quantity(&rpc(&node, "eth_blockNumber", json!([])).await.unwrap());
    let blocks = end - start;
    assert_eq!(blocks, u64::from(TRANSACTIONS) + EMPTY_BLOCKS);
    // Every subscriber has every block and every log, once and in order.
    let mut notifications = 0usize;
    for (mut client, heads, logs) in subscribers {
        let expected = heads.len() * blocks as usize + logs.len() * usize::from(TRANSACTIONS);
        let mut numbers: Vec<Vec<u64>> = vec![Vec::new(); heads.len()];
        let mut log_blocks: Vec<Vec<u64>> = vec![Vec::new(); logs.len()];
        for _ in 0..expected {
            let (subscription, result) = client.notification().await;
            if let Some(h) = heads.iter().position(|s| *s == subscription) {
                numbers[h].push(quantity(&result["number"]));
            } else {
                let l = logs.iter().position(|s| *s == subscription).unwrap();
                assert_eq!(result["address"], json!(node.registry));
                log_blocks[l].push(quantity(&result["blockNumber"]));
            }
        }
        assert!(client.pending_notes().await.is_empty(), "nothing more");
        for seen in numbers {
            assert_eq!(seen, ((start + 1)..=end).collect::<Vec<_>>());
        }
        for seen in log_blocks {
            assert_eq!(seen.len(), usize::from(TRANSACTIONS));
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        }
        notifications += expected;
    }
    // The node answers as before, over both transports.
    let mut fresh = Client::connect(&node).await;
    assert_eq!(
        quantity(&fresh.call("eth_blockNumber", json!([])).await.unwrap()),
        end
    );
    assert_eq!(
        rpc(&node, "eth_getCode", json!([Address::ZERO, "latest"]))
            .await
            .unwrap(),
        "0x"
    );
    eprintln!(
        "websocket robustness: {} subscriptions on {CONNECTIONS} connections, {blocks} blocks \
         ({TRANSACTIONS} with a transaction), {notifications} notifications delivered; \
         {} malformed messages and {} oversized ones refused in words, {} protocol breaks \
         closed, {} disconnects mid-stream; {:.1} s",
        CONNECTIONS * PER_CONNECTION,
        tried.malformed.load(Ordering::Relaxed),
        tried.refused.load(Ordering::Relaxed),
        tried.protocol_breaks.load(Ordering::Relaxed),
        tried.disconnects.load(Ordering::Relaxed),
        began.elapsed().as_secs_f64(),
    );
    if let Ok(node) = Arc::try_unwrap(node) {
        node.shutdown();
    }
}
