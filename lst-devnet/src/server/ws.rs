//! The websocket side, on the HTTP port (as anvil serves it): a `GET` with
//! `Upgrade: websocket` becomes a websocket (tokio-tungstenite over hyper's upgrade) that
//! answers the same JSON-RPC as HTTP, single and batch, plus `eth_subscribe` and
//! `eth_unsubscribe` ([`super::subscriptions`]).
//!
//! A connection is three tasks: the reader answers each message in turn (on the blocking
//! pool, as HTTP does), the pump turns the chain's events into notifications, the writer
//! sends what both queue. Limits a public node needs:
//!
//! * a message over [`MAX_WS_MESSAGE_BYTES`] is answered with a JSON-RPC error (-32600, id
//!   null) and not read as JSON, as an HTTP body over the limit is; the connection stays
//!   open. A message or frame over [`MAX_WS_READ_BYTES`] (twice that) is not even read: it
//!   closes the connection with 1009;
//! * what waits to be sent is bounded by [`MAX_QUEUED_BYTES`]: the reader answers the next
//!   message only when the queue is below it, and a notification that would take the queue
//!   over it closes the connection with 1008 and the reason, as does falling further behind
//!   the chain than its event buffer. The chain never waits for a connection;
//! * pings are answered with pongs and a client's close frame with a close frame (both by
//!   tungstenite); the node's shutdown closes with 1001.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use http_body_util::Full;
use hyper::header::{
    HeaderName, HeaderValue, CONNECTION, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY,
    SEC_WEBSOCKET_VERSION, UPGRADE,
};
use hyper::StatusCode;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{broadcast, mpsc, watch, Notify};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{error::CapacityError, Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

use super::subscriptions::Subscriptions;
use super::{error_response, SharedChain, MAX_BODY_BYTES};
use crate::chain::{Chain, Published};
use crate::methods::Method;
use crate::rpc::{Response, RpcError};

/// Largest message a client may send: 5 MiB, as an HTTP body. A larger one is refused with
/// a JSON-RPC error.
pub const MAX_WS_MESSAGE_BYTES: usize = MAX_BODY_BYTES;
/// Largest message (and frame) the node reads at all, to refuse it in words; past this the
/// connection closes with 1009 (message too big).
pub const MAX_WS_READ_BYTES: usize = 2 * MAX_WS_MESSAGE_BYTES;
/// Most bytes (answers and notifications) waiting to be sent to one connection.
pub const MAX_QUEUED_BYTES: usize = 16 * 1024 * 1024;
/// How long a close frame may take to be written before the connection is dropped.
const CLOSE_WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the node waits for the client's close frame after sending its own.
const CLOSE_REPLY_TIMEOUT: Duration = Duration::from_secs(1);

fn has_token(req: &hyper::Request<hyper::body::Incoming>, name: HeaderName, token: &str) -> bool {
    req.headers().get_all(name).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|part| part.trim().eq_ignore_ascii_case(token))
        })
    })
}

/// Whether a request asks for a websocket.
pub(super) fn is_upgrade(req: &hyper::Request<hyper::body::Incoming>) -> bool {
    has_token(req, CONNECTION, "upgrade") && has_token(req, UPGRADE, "websocket")
}

/// Answers a websocket handshake (101, then the connection runs on its own task), or refuses
/// it with a JSON-RPC error: 426 for another protocol version, 400 without a key.
pub(super) fn upgrade(
    req: hyper::Request<hyper::body::Incoming>,
    chain: SharedChain,
    shutdown: watch::Receiver<bool>,
) -> hyper::Response<Full<Bytes>> {
    if req.headers().get(SEC_WEBSOCKET_VERSION) != Some(&HeaderValue::from_static("13")) {
        let mut response = error_response(
            StatusCode::UPGRADE_REQUIRED,
            RpcError::invalid_request("websocket version 13 is required"),
        );
        response
            .headers_mut()
            .insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
        return response;
    }
    let Some(key) = req.headers().get(SEC_WEBSOCKET_KEY) else {
        return error_response(
            StatusCode::BAD_REQUEST,
            RpcError::invalid_request("websocket handshake without Sec-WebSocket-Key"),
        );
    };
    let Ok(accept) = HeaderValue::from_str(&derive_accept_key(key.as_bytes())) else {
        return error_response(
            StatusCode::BAD_REQUEST,
            RpcError::invalid_request("unusable Sec-WebSocket-Key"),
        );
    };
    tokio::spawn(async move {
        let Ok(upgraded) = hyper::upgrade::on(req).await else {
            return;
        };
        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_WS_READ_BYTES))
            .max_frame_size(Some(MAX_WS_READ_BYTES));
        let socket =
            WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config))
                .await;
        run(socket, chain, shutdown).await;
    });
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(SEC_WEBSOCKET_ACCEPT, accept);
    response
}

/// Bytes waiting to be sent, and a signal each time some are sent.
#[derive(Debug, Default)]
struct Budget {
    queued: AtomicUsize,
    drained: Notify,
}

/// `len` bytes counted in a [`Budget`] until dropped (sent, or thrown away on close).
#[derive(Debug)]
struct Charge {
    budget: Arc<Budget>,
    len: usize,
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.budget.queued.fetch_sub(self.len, Ordering::AcqRel);
        self.budget.drained.notify_waiters();
    }
}

impl Budget {
    /// Counts `len` bytes if they fit under [`MAX_QUEUED_BYTES`].
    fn try_charge(self: &Arc<Self>, len: usize) -> Option<Charge> {
        self.queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |queued| {
                queued
                    .checked_add(len)
                    .filter(|total| *total <= MAX_QUEUED_BYTES)
            })
            .ok()
            .map(|_| Charge {
                budget: self.clone(),
                len,
            })
    }

    /// Counts `len` bytes whatever is queued (an answer; the reader waits for room first).
    fn charge(self: &Arc<Self>, len: usize) -> Charge {
        self.queued.fetch_add(len, Ordering::AcqRel);
        Charge {
            budget: self.clone(),
            len,
        }
    }

    /// Waits until less than [`MAX_QUEUED_BYTES`] is queued.
    async fn room(&self) {
        loop {
            let drained = self.drained.notified();
            tokio::pin!(drained);
            drained.as_mut().enable();
            if self.queued.load(Ordering::Acquire) < MAX_QUEUED_BYTES {
                return;
            }
            drained.await;
        }
    }
}

/// A message waiting to be sent.
#[derive(Debug)]
struct Queued {
    message: Message,
    _charge: Charge,
}

/// Whether the connection is closing, and with which close frame (none when the client
/// closed it or went away).
#[derive(Clone, Debug, PartialEq)]
enum Closing {
    Open,
    Close(Option<CloseFrame>),
}

fn is_closing(state: &Closing) -> bool {
    !matches!(state, Closing::Open)
}

/// A close frame; the reason is cut to the 123 bytes a close frame holds.
fn close_frame(code: CloseCode, reason: &str) -> CloseFrame {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    CloseFrame {
        code,
        reason: reason[..end].to_string().into(),
    }
}

/// What one connection's tasks share.
struct Connection {
    subscriptions: Mutex<Subscriptions<Queued>>,
    queue: mpsc::UnboundedSender<Queued>,
    budget: Arc<Budget>,
    closing: watch::Sender<Closing>,
}

/// Why a notification was not queued.
struct Overflow;

impl Connection {
    /// Starts closing (the first reason given wins).
    fn close(&self, frame: Option<CloseFrame>) {
        self.closing.send_if_modified(|state| {
            if is_closing(state) {
                false
            } else {
                *state = Closing::Close(frame);
                true
            }
        });
    }

    fn subscriptions(&self) -> MutexGuard<'_, Subscriptions<Queued>> {
        // A subscription table is changed in one piece: a poisoned one is whole.
        self.subscriptions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn send(&self, item: Queued) {
        // An error only means that the writer has stopped: the connection is closing.
        let _ = self.queue.send(item);
    }

    /// Queues an answer, then the notifications its new subscriptions held back.
    fn send_answer(&self, answer: Option<Vec<u8>>) {
        let mut subscriptions = self.subscriptions();
        if let Some(answer) = answer {
            let text = String::from_utf8(answer)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            let charge = self.budget.charge(text.len());
            self.send(Queued {
                message: Message::text(text),
                _charge: charge,
            });
        }
        subscriptions.announce_fresh(|item| self.send(item));
    }

    /// Queues the notifications `event` makes.
    fn deliver(&self, event: &Published) -> Result<(), Overflow> {
        self.subscriptions().deliver(
            event,
            |text| {
                let charge = self.budget.try_charge(text.len()).ok_or(Overflow)?;
                Ok(Queued {
                    message: Message::text(text),
                    _charge: charge,
                })
            },
            |item| self.send(item),
        )
    }

    /// Answers a message's requests (blocking: the chain's lock, the devnet's work).
    fn answer(&self, chain: &SharedChain, body: &[u8]) -> Option<Vec<u8>> {
        super::answer_with(body, |request| match Method::from_name(&request.method) {
            Some(Method::EthSubscribe) => {
                let from_seq = lock(chain).events().next_seq();
                self.subscriptions().subscribe(&request.params, from_seq)
            }
            Some(Method::EthUnsubscribe) => self.subscriptions().unsubscribe(&request.params),
            _ => super::call(chain, request),
        })
    }
}

fn lock(chain: &SharedChain) -> MutexGuard<'_, Chain> {
    chain
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The close frame (if any) a read error calls for.
fn close_for(error: &WsError) -> Option<CloseFrame> {
    match error {
        WsError::Capacity(CapacityError::MessageTooLong { .. }) => Some(close_frame(
            CloseCode::Size,
            &format!("message larger than {MAX_WS_READ_BYTES} bytes"),
        )),
        WsError::Capacity(e) => Some(close_frame(CloseCode::Size, &e.to_string())),
        WsError::Utf8(_) => Some(close_frame(CloseCode::Invalid, "text is not UTF-8")),
        WsError::Protocol(e) => Some(close_frame(CloseCode::Protocol, &e.to_string())),
        _ => None,
    }
}

async fn run<S>(socket: WebSocketStream<S>, chain: SharedChain, mut shutdown: watch::Receiver<bool>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // The receiver is made under the chain's lock, so that a subscription's first event
    // (read under the same lock) is always in it.
    let events = {
        let chain = chain.clone();
        tokio::task::spawn_blocking(move || lock(&chain).events().subscribe()).await
    };
    let Ok(events) = events else {
        return;
    };
    let (sink, mut stream) = socket.split();
    let (queue, queued) = mpsc::unbounded_channel();
    let (closing, mut closed) = watch::channel(Closing::Open);
    let connection = Arc::new(Connection {
        subscriptions: Mutex::new(Subscriptions::default()),
        queue,
        budget: Arc::default(),
        closing,
    });
    let writer = tokio::spawn(write(sink, queued, connection.closing.subscribe()));
    let pump = tokio::spawn(pump(connection.clone(), events));
    let going_away = || Some(close_frame(CloseCode::Away, "the node is shutting down"));
    loop {
        // The next message is read only when there is room for its answer.
        tokio::select! {
            biased;
            _ = closed.wait_for(is_closing) => break,
            _ = shutdown.wait_for(|stop| *stop) => {
                connection.close(going_away());
                break;
            }
            _ = connection.budget.room() => {}
        }
        let next = tokio::select! {
            biased;
            _ = closed.wait_for(is_closing) => break,
            _ = shutdown.wait_for(|stop| *stop) => {
                connection.close(going_away());
                break;
            }
            next = stream.next() => next,
        };
        let body: Bytes = match next {
            Some(Ok(Message::Text(text))) => text.into(),
            Some(Ok(Message::Binary(data))) => data,
            // Pings are answered and a close frame is answered by tungstenite; after a close
            // the stream ends.
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                connection.close(close_for(&e));
                break;
            }
            None => {
                connection.close(None);
                break;
            }
        };
        if body.len() > MAX_WS_MESSAGE_BYTES {
            let refusal = Response::err(
                Value::Null,
                RpcError::invalid_request(format!(
                    "message larger than {MAX_WS_MESSAGE_BYTES} bytes"
                )),
            );
            connection.send_answer(serde_json::to_vec(&refusal).ok());
            continue;
        }
        let answering = connection.clone();
        let answer_chain = chain.clone();
        let answer =
            tokio::task::spawn_blocking(move || answering.answer(&answer_chain, &body)).await;
        let answer = answer.unwrap_or_else(|e| {
            serde_json::to_vec(&Response::err(
                Value::Null,
                RpcError::internal(format!("request handler failed: {e}")),
            ))
            .ok()
        });
        connection.send_answer(answer);
    }
    let sent_close = matches!(&*closed.borrow(), Closing::Close(Some(_)));
    let _ = writer.await;
    pump.abort();
    if sent_close {
        // Let the client answer the close frame before the connection is dropped.
        let _ = tokio::time::timeout(CLOSE_REPLY_TIMEOUT, async {
            while let Some(Ok(_)) = stream.next().await {}
        })
        .await;
    }
}

/// Turns the chain's events into this connection's notifications until it closes.
async fn pump(connection: Arc<Connection>, mut events: broadcast::Receiver<Arc<Published>>) {
    let mut closed = connection.closing.subscribe();
    loop {
        let event = tokio::select! {
            biased;
            _ = closed.wait_for(is_closing) => return,
            event = events.recv() => event,
        };
        match event {
            Ok(event) => {
                if connection.deliver(&event).is_err() {
                    connection.close(Some(close_frame(
                        CloseCode::Policy,
                        &format!(
                            "notification queue over {MAX_QUEUED_BYTES} bytes: the client \
                             reads too slowly"
                        ),
                    )));
                    return;
                }
                // Let the writer (woken on this worker) send before the next event: a
                // receiver with events waiting never yields by itself.
                tokio::task::yield_now().await;
            }
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                connection.close(Some(close_frame(
                    CloseCode::Policy,
                    &format!("{missed} chain events missed: the client reads too slowly"),
                )));
                return;
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Sends what is queued until the connection closes, then the close frame, if any.
async fn write<S>(
    mut sink: SplitSink<WebSocketStream<S>, Message>,
    mut queued: mpsc::UnboundedReceiver<Queued>,
    mut closing: watch::Receiver<Closing>,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let frame_of =
        |state: Result<watch::Ref<'_, Closing>, watch::error::RecvError>| match state.as_deref() {
            Ok(Closing::Close(frame)) => frame.clone(),
            _ => None,
        };
    let frame = loop {
        let item = tokio::select! {
            biased;
            state = closing.wait_for(is_closing) => break frame_of(state),
            item = queued.recv() => item,
        };
        let Some(Queued { message, _charge }) = item else {
            break None;
        };
        tokio::select! {
            biased;
            state = closing.wait_for(is_closing) => break frame_of(state),
            sent = sink.send(message) => if sent.is_err() { return },
        }
    };
    if let Some(frame) = frame {
        // A frame cut short above is still in tungstenite's buffer, so the stream stays whole.
        let _ =
            tokio::time::timeout(CLOSE_WRITE_TIMEOUT, sink.send(Message::Close(Some(frame)))).await;
    }
}
