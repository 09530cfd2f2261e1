//! The websocket on the RPC port, driven by a raw client (tokio-tungstenite) so that the
//! edge cases show: requests and batches, `eth_subscribe` (newHeads, logs,
//! newPendingTransactions) and `eth_unsubscribe`, subscriptions per connection, the message
//! size limit, a client that never reads (closed, without stalling the chain), and hostile
//! traffic measured ([`robustness`]).

mod client;
mod robustness;

use std::time::{Duration, Instant};

use alloy::primitives::{Address, B256, U256};
use alloy::sol_types::SolEvent;
use futures_util::{SinkExt, StreamExt};
use lst_devnet::server::{MAX_SUBSCRIPTIONS, MAX_WS_MESSAGE_BYTES, MAX_WS_READ_BYTES};
use lst_devnet::RunningNode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

use self::client::{ws_url, Client, Ending};
use crate::common::{code_of, node, quantity, register_node, rpc, set_delay};
use crate::ILstRegistry;

async fn block_number(node: &RunningNode) -> u64 {
    quantity(&rpc(node, "eth_blockNumber", json!([])).await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_and_batches_are_answered_over_the_websocket() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    assert_eq!(
        client.call("eth_chainId", json!([])).await.unwrap(),
        "0x64aba"
    );
    let latest = client.call("eth_blockNumber", json!([])).await.unwrap();
    assert_eq!(quantity(&latest), node.start_block);
    // A batch: answers in order, errors in place, nothing for a notification.
    let answers = client
        .exchange(json!([
            {"jsonrpc": "2.0", "id": "a", "method": "eth_chainId"},
            {"jsonrpc": "2.0", "method": "evm_mine"},
            {"jsonrpc": "2.0", "id": 2, "method": "eth_nope"},
            {"jsonrpc": "2.0", "id": 3, "method": "eth_getBlockByNumber", "params": ["latest", false]},
        ]))
        .await;
    let answers = answers.as_array().expect("a batch answer");
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0]["id"], "a");
    assert_eq!(answers[0]["result"], "0x64aba");
    assert_eq!(code_of(&answers[1]["error"]), -32601);
    assert_eq!(
        quantity(&answers[2]["result"]["number"]),
        node.start_block + 1
    );
    // The same errors as over HTTP.
    client.send_text("{not json".into()).await;
    assert_eq!(code_of(&client.next_value().await["error"]), -32700);
    client.send_text("[]".into()).await;
    assert_eq!(code_of(&client.next_value().await["error"]), -32600);
    // Binary messages carry JSON-RPC too.
    client
        .socket
        .send(Message::binary(
            br#"{"jsonrpc":"2.0","id":9,"method":"net_version"}"#.to_vec(),
        ))
        .await
        .unwrap();
    assert_eq!(client.next_value().await["result"], "412346");
    // Pings are answered.
    client
        .socket
        .send(Message::Ping(b"hello".to_vec().into()))
        .await
        .unwrap();
    match client.socket.next().await.unwrap().unwrap() {
        Message::Pong(data) => assert_eq!(&data[..], b"hello"),
        other => panic!("expected a pong, got {other:?}"),
    }
    // A close frame is answered with one.
    client.socket.close(None).await.unwrap();
    let (messages, ending) = Client::ending(&mut client.socket).await;
    assert_eq!(messages, 0);
    assert!(
        matches!(ending, Ending::Closed(_) | Ending::Dropped(_)),
        "{ending:?}"
    );
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribing_over_http_is_refused_and_get_without_upgrade_is_not_a_websocket() {
    let node = node(false).await;
    for (method, params) in [
        ("eth_subscribe", json!(["newHeads"])),
        ("eth_unsubscribe", json!(["0x1"])),
    ] {
        let error = rpc(&node, method, params).await.unwrap_err();
        assert_eq!(code_of(&error), -32601, "{error}");
        assert!(
            error["message"].as_str().unwrap().contains("websocket"),
            "{error}"
        );
    }
    // A handshake of another version is refused with 426.
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(ws_url(
            &node,
        ))
        .unwrap();
    request
        .headers_mut()
        .insert("Sec-WebSocket-Version", "8".parse().unwrap());
    let refused = tokio_tungstenite::connect_async(request).await.unwrap_err();
    assert!(refused.to_string().contains("426"), "{refused}");
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn new_heads_announce_each_block_as_eth_get_block_by_number_renders_it() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    let id = client.subscribe(json!(["newHeads"])).await;
    let start = block_number(&node).await;
    rpc(&node, "anvil_mine", json!([3])).await.unwrap();
    register_node(&node, 1).await;
    rpc(&node, "evm_mine", json!([])).await.unwrap();
    for number in start + 1..=start + 5 {
        let (sub, head) = client.notification().await;
        assert_eq!(sub, id);
        assert_eq!(quantity(&head["number"]), number, "in block order");
        let mut block = rpc(
            &node,
            "eth_getBlockByNumber",
            json!([head["number"], false]),
        )
        .await
        .unwrap();
        assert_eq!(head["hash"], block["hash"]);
        assert_eq!(head["parentHash"], block["parentHash"]);
        assert!(head.get("transactions").is_none(), "{head}");
        let block = block.as_object_mut().unwrap();
        block.remove("transactions");
        block.remove("uncles");
        assert_eq!(&head, &Value::Object(block.clone()));
    }
    assert!(client.pending_notes().await.is_empty(), "one per block");
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_log_subscription_receives_exactly_the_logs_its_filter_matches() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    let registered = format!("{}", ILstRegistry::NodeRegistered::SIGNATURE_HASH);
    let by_event = client
        .subscribe(json!(["logs", {"address": node.registry, "topics": [registered]}]))
        .await;
    // Node 2 only: an address among others, a null position, a topic among others.
    let node_two = format!("{}", B256::from(U256::from(2)));
    let second = client
        .subscribe(json!(["logs", {
            "address": [Address::repeat_byte(0xAA), node.registry],
            "topics": [[registered, format!("{}", B256::repeat_byte(1))], node_two],
        }]))
        .await;
    let elsewhere = client
        .subscribe(json!(["logs", {"address": Address::repeat_byte(0xAA)}]))
        .await;
    let everything = client.subscribe(json!(["logs"])).await;
    let from = block_number(&node).await + 1;
    register_node(&node, 1).await;
    // Another event of the registry: only the unfiltered subscription hears it.
    set_delay(&node, 3).await;
    register_node(&node, 2).await;
    let logs = rpc(
        &node,
        "eth_getLogs",
        json!([{"fromBlock": format!("{from:#x}")}]),
    )
    .await
    .unwrap();
    let logs = logs.as_array().unwrap();
    assert_eq!(logs.len(), 3);
    let notes = client.notes(6).await;
    let heard = |sub: &str| -> Vec<Value> {
        notes
            .iter()
            .filter(|n| n["params"]["subscription"] == sub)
            .map(|n| n["params"]["result"].clone())
            .collect()
    };
    // Each notification is the log as eth_getLogs renders it.
    assert_eq!(heard(&by_event), vec![logs[0].clone(), logs[2].clone()]);
    assert_eq!(heard(&second), vec![logs[2].clone()]);
    assert!(heard(&elsewhere).is_empty());
    assert_eq!(heard(&everything), logs.to_vec());
    assert_eq!(notes.len(), 6);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_accepted_transaction_is_announced_once_before_its_block() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    let pending = client.subscribe(json!(["newPendingTransactions"])).await;
    let heads = client.subscribe(json!(["newHeads"])).await;
    let hash = register_node(&node, 1).await;
    let (sub, announced) = client.notification().await;
    assert_eq!((sub.as_str(), announced), (pending.as_str(), json!(hash)));
    let (sub, head) = client.notification().await;
    assert_eq!(sub, heads);
    let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]))
        .await
        .unwrap();
    assert_eq!(head["hash"], receipt["blockHash"]);
    // An empty block announces no transaction, only its head (waited for: the HTTP answer
    // can overtake the notification on its way to this socket); a refused transaction is
    // not announced.
    rpc(&node, "evm_mine", json!([])).await.unwrap();
    let (sub, _) = client.notification().await;
    assert_eq!(sub, heads);
    let refused = rpc(&node, "eth_sendRawTransaction", json!(["0x02"])).await;
    assert!(refused.is_err());
    let notes = client.pending_notes().await;
    assert!(notes.is_empty(), "{notes:?}");
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn unsubscribing_stops_notifications_and_answers_true_then_false() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    let first = client.subscribe(json!(["newHeads"])).await;
    let kept = client.subscribe(json!(["newHeads"])).await;
    assert_ne!(first, kept);
    rpc(&node, "evm_mine", json!([])).await.unwrap();
    let subs: Vec<String> = vec![client.notification().await.0, client.notification().await.0];
    assert_eq!(subs, vec![first.clone(), kept.clone()]);
    let unsubscribe = |id: &str| json!([id]);
    assert_eq!(
        client
            .call("eth_unsubscribe", unsubscribe(&first))
            .await
            .unwrap(),
        true
    );
    assert_eq!(
        client
            .call("eth_unsubscribe", unsubscribe(&first))
            .await
            .unwrap(),
        false
    );
    for unknown in ["0x0", "0xffffffffffff", "nope"] {
        assert_eq!(
            client
                .call("eth_unsubscribe", unsubscribe(unknown))
                .await
                .unwrap(),
            false
        );
    }
    let error = client
        .call("eth_unsubscribe", json!([1]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&error), -32602);
    rpc(&node, "anvil_mine", json!([2])).await.unwrap();
    for _ in 0..2 {
        assert_eq!(client.notification().await.0, kept);
    }
    assert!(client.pending_notes().await.is_empty());
    // Unknown kinds and bad filters are refused; the cap is per connection.
    for bad in [
        json!(["syncing"]),
        json!(["newBlocks"]),
        json!(["logs", {"address": "0x12"}]),
        json!([]),
    ] {
        let error = client.call("eth_subscribe", bad.clone()).await.unwrap_err();
        assert_eq!(code_of(&error), -32602, "{bad}");
    }
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn subscriptions_belong_to_their_connection_and_end_with_it() {
    let node = node(false).await;
    let mut one = Client::connect(&node).await;
    let mut other = Client::connect(&node).await;
    let id = one.subscribe(json!(["newHeads"])).await;
    assert_eq!(
        other.call("eth_unsubscribe", json!([id])).await.unwrap(),
        false,
        "another connection's subscription"
    );
    rpc(&node, "evm_mine", json!([])).await.unwrap();
    assert_eq!(one.notification().await.0, id);
    assert!(other.pending_notes().await.is_empty());
    // The first connection goes; the chain and the other connection carry on.
    one.socket.close(None).await.unwrap();
    drop(one);
    rpc(&node, "anvil_mine", json!([3])).await.unwrap();
    assert_eq!(
        other.call("eth_unsubscribe", json!([id])).await.unwrap(),
        false
    );
    assert!(other.pending_notes().await.is_empty());
    // A new connection starts with no subscriptions and gets only its own.
    let mut late = Client::connect(&node).await;
    let mine = late.subscribe(json!(["newHeads"])).await;
    rpc(&node, "evm_mine", json!([])).await.unwrap();
    let (sub, head) = late.notification().await;
    assert_eq!(sub, mine);
    assert_eq!(quantity(&head["number"]), block_number(&node).await);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reverted_snapshot_announces_and_retracts_nothing() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    let id = client.subscribe(json!(["newHeads"])).await;
    let start = block_number(&node).await;
    let snapshot = rpc(&node, "evm_snapshot", json!([])).await.unwrap();
    rpc(&node, "anvil_mine", json!([2])).await.unwrap();
    let first: Vec<Value> = vec![client.notification().await.1, client.notification().await.1];
    assert_eq!(
        rpc(&node, "evm_revert", json!([snapshot])).await.unwrap(),
        true
    );
    assert!(client.pending_notes().await.is_empty());
    // The next block is announced, with a number announced before.
    rpc(&node, "evm_mine", json!([])).await.unwrap();
    let (sub, again) = client.notification().await;
    assert_eq!(sub, id);
    assert_eq!(quantity(&first[0]["number"]), start + 1);
    assert_eq!(quantity(&first[1]["number"]), start + 2);
    assert_eq!(quantity(&again["number"]), start + 1);
    let block = rpc(&node, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    assert_eq!(again["hash"], block["hash"]);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_over_the_limit_is_refused_in_words_and_one_past_twice_it_closes_with_1009() {
    let node = node(false).await;
    // Just under the limit: answered.
    let mut client = Client::connect(&node).await;
    let request = r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#;
    let padded = |len: usize| format!("{request}{}", " ".repeat(len - request.len()));
    client.send_text(padded(MAX_WS_MESSAGE_BYTES)).await;
    assert_eq!(client.next_value().await["result"], "0x64aba");
    // One byte more: a JSON-RPC error without an id (the message is not parsed), and the
    // connection stays open.
    client.send_text(padded(MAX_WS_MESSAGE_BYTES + 1)).await;
    let refusal = client.next_value().await;
    assert_eq!(refusal["id"], Value::Null, "{refusal}");
    assert_eq!(code_of(&refusal["error"]), -32600);
    assert!(refusal["error"]["message"]
        .as_str()
        .unwrap()
        .contains("larger than"));
    assert_eq!(
        client.call("eth_chainId", json!([])).await.unwrap(),
        "0x64aba"
    );
    // Past what the node reads at all: closed with "message too big".
    // The node may close before the whole message is written.
    let _ = client
        .socket
        .send(Message::text(padded(MAX_WS_READ_BYTES + 1)))
        .await;
    let (_, ending) = Client::ending(&mut client.socket).await;
    match ending {
        Ending::Closed(Some(frame)) => {
            assert_eq!(frame.code, CloseCode::Size);
            assert!(frame.reason.contains("larger than"), "{}", frame.reason);
        }
        other => panic!("expected a close frame with 1009, got {other:?}"),
    }
    // The node serves on.
    assert_eq!(block_number(&node).await, node.start_block);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_never_reads_is_closed_without_stalling_the_chain() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    // The most subscriptions a connection may hold, in batches.
    for _ in 0..MAX_SUBSCRIPTIONS / 100 {
        let batch: Vec<Value> = (0..100)
            .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_subscribe", "params": ["newHeads"]}))
            .collect();
        let answers = client.exchange(Value::Array(batch)).await;
        assert!(answers
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["result"].is_string()));
    }
    let error = client
        .call("eth_subscribe", json!(["newHeads"]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&error), -32000);
    assert!(error["message"].as_str().unwrap().contains("too many"));
    // Each block is now a thousand notifications, which this client never reads. Mining and
    // HTTP go on at their pace.
    let start = block_number(&node).await;
    let blocks = 60u64;
    for _ in 0..blocks / 5 {
        let began = Instant::now();
        rpc(&node, "anvil_mine", json!([5])).await.unwrap();
        assert!(
            began.elapsed() < Duration::from_secs(10),
            "mining waited for the client: {:?}",
            began.elapsed()
        );
    }
    assert_eq!(block_number(&node).await, start + blocks);
    // The node has given up on the client: reading now finds the end of the connection,
    // well before every notification.
    let (messages, ending) = Client::ending(&mut client.socket).await;
    assert!(
        (messages as u64) < blocks * MAX_SUBSCRIPTIONS as u64,
        "{messages} messages"
    );
    eprintln!("slow client: {messages} messages read, then {ending:?}");
    match ending {
        Ending::Closed(Some(frame)) => {
            assert_eq!(frame.code, CloseCode::Policy);
            assert!(frame.reason.contains("too slowly"), "{}", frame.reason);
        }
        // A client that stays silent long enough is dropped without the close frame.
        Ending::Dropped(_) | Ending::Closed(None) => {}
    }
    // Other connections are served.
    let mut fresh = Client::connect(&node).await;
    assert_eq!(
        quantity(&fresh.call("eth_blockNumber", json!([])).await.unwrap()),
        start + blocks
    );
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_node_s_shutdown_closes_its_websockets_with_1001() {
    let node = node(false).await;
    let mut client = Client::connect(&node).await;
    client.subscribe(json!(["newHeads"])).await;
    node.shutdown();
    let (_, ending) = Client::ending(&mut client.socket).await;
    match ending {
        Ending::Closed(Some(frame)) => assert_eq!(frame.code, CloseCode::Away),
        other => panic!("expected a close frame with 1001, got {other:?}"),
    }
}
