//! A JSON-RPC client on the node's websocket, raw enough for the edge cases.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use lst_devnet::RunningNode;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub(super) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub(super) const PATIENCE: Duration = Duration::from_secs(20);

pub(super) fn ws_url(node: &RunningNode) -> String {
    node.url.replacen("http://", "ws://", 1)
}

pub(super) async fn open(node: &RunningNode) -> Socket {
    let (socket, response) = tokio_tungstenite::connect_async(ws_url(node))
        .await
        .expect("the websocket handshake");
    assert_eq!(response.status().as_u16(), 101);
    socket
}

/// How a connection ended, seen by a client that reads it to the end.
#[derive(Debug)]
pub(super) enum Ending {
    Closed(Option<CloseFrame>),
    Dropped(#[allow(dead_code)] String),
}

/// A JSON-RPC client on a websocket that keeps the notifications it reads while waiting
/// for an answer.
pub(super) struct Client {
    pub(super) socket: Socket,
    notes: VecDeque<Value>,
    next_id: u64,
}

impl Client {
    pub(super) async fn connect(node: &RunningNode) -> Self {
        Self {
            socket: open(node).await,
            notes: VecDeque::new(),
            next_id: 1,
        }
    }

    pub(super) async fn send_text(&mut self, text: String) {
        self.socket.send(Message::text(text)).await.unwrap();
    }

    /// The next message that carries JSON.
    pub(super) async fn next_value(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.socket.next())
                .await
                .expect("a message in time")
                .expect("the connection is open")
                .expect("a readable message");
            match message {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Binary(data) => return serde_json::from_slice(&data).unwrap(),
                Message::Close(frame) => panic!("closed by the node: {frame:?}"),
                _ => continue,
            }
        }
    }

    /// Sends `body` and waits for the answer whose id is `id` (or, for a batch, an array),
    /// keeping notifications read on the way.
    pub(super) async fn exchange(&mut self, body: Value) -> Value {
        self.send_text(body.to_string()).await;
        loop {
            let value = self.next_value().await;
            if value["method"] == "eth_subscription" {
                self.notes.push_back(value);
            } else {
                return value;
            }
        }
    }

    pub(super) async fn call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        let answer = self
            .exchange(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        assert_eq!(answer["id"], json!(id), "{answer}");
        match answer.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(answer["result"].clone()),
        }
    }

    pub(super) async fn subscribe(&mut self, params: Value) -> String {
        let id = self.call("eth_subscribe", params).await.unwrap();
        id.as_str().expect("a subscription id").to_owned()
    }

    /// The next notification: `(subscription, result)`.
    pub(super) async fn notification(&mut self) -> (String, Value) {
        let note = match self.notes.pop_front() {
            Some(note) => note,
            None => self.next_value().await,
        };
        assert_eq!(note["jsonrpc"], "2.0");
        assert_eq!(note["method"], "eth_subscription", "{note}");
        assert!(note.get("id").is_none(), "a notification has no id: {note}");
        let params = &note["params"];
        (
            params["subscription"].as_str().unwrap().to_owned(),
            params["result"].clone(),
        )
    }

    /// The next `n` notifications, waited for (a notification of a block mined by an HTTP
    /// request may reach this socket after the HTTP answer), then nothing more queued.
    pub(super) async fn notes(&mut self, n: usize) -> Vec<Value> {
        while self.notes.len() < n {
            let value = self.next_value().await;
            assert_eq!(value["method"], "eth_subscription", "{value}");
            self.notes.push_back(value);
        }
        let notes: Vec<Value> = self.notes.drain(..).collect();
        let more = self.pending_notes().await;
        assert!(
            more.is_empty(),
            "more than {n} notifications: {notes:?} {more:?}"
        );
        notes
    }

    /// The notifications that arrive before the answer to a request sent now: everything
    /// the node had queued for this connection.
    pub(super) async fn pending_notes(&mut self) -> Vec<Value> {
        self.call("eth_chainId", json!([])).await.unwrap();
        self.notes.drain(..).collect()
    }

    /// Reads until the connection ends.
    pub(super) async fn ending(socket: &mut Socket) -> (usize, Ending) {
        let mut messages = 0;
        loop {
            match tokio::time::timeout(PATIENCE, socket.next()).await {
                Err(_) => panic!("the connection is still open after {messages} messages"),
                Ok(None) => return (messages, Ending::Dropped("end of stream".into())),
                Ok(Some(Err(e))) => return (messages, Ending::Dropped(e.to_string())),
                Ok(Some(Ok(Message::Close(frame)))) => return (messages, Ending::Closed(frame)),
                Ok(Some(Ok(_))) => messages += 1,
            }
        }
    }
}
