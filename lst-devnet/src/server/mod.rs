//! The server: hyper (HTTP/1.1) on tokio, JSON-RPC 2.0 single and batch requests, body
//! size limit, CORS for browser dapps; a `GET` with `Upgrade: websocket` on the same port
//! becomes a websocket ([`ws`]) speaking the same JSON-RPC plus `eth_subscribe`, and any
//! other `GET` is the program's page ([`crate::page`]). Every request
//! is answered with a JSON-RPC object; nothing on the request path panics or unwraps, and a
//! panic inside the devnet is caught and answered with -32603.

mod subscriptions;
mod ws;

pub use subscriptions::MAX_SUBSCRIPTIONS;
pub use ws::{MAX_QUEUED_BYTES, MAX_WS_MESSAGE_BYTES, MAX_WS_READ_BYTES};

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::chain::Chain;
use crate::methods;
use crate::rpc::{parse_request, Request, Response, RpcError};

/// Largest request body accepted: 5 MiB (larger bodies get HTTP 413 and -32600).
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// Largest batch accepted.
pub const MAX_BATCH: usize = 100;

/// The chain shared by the connections.
pub type SharedChain = Arc<Mutex<Chain>>;

/// Serves JSON-RPC on `listener` until `shutdown` turns true.
pub async fn serve(listener: TcpListener, chain: SharedChain, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let chain = chain.clone();
                let mut conn_shutdown = shutdown.clone();
                let ws_shutdown = shutdown.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |req| handle(req, chain.clone(), ws_shutdown.clone()));
                    let conn = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades();
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = conn_shutdown.changed() => conn.as_mut().graceful_shutdown(),
                    }
                });
            }
            _ = shutdown.changed() => break,
        }
    }
}

fn http_response(status: StatusCode, body: Vec<u8>) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("*"));
    response
}

fn error_response(status: StatusCode, error: RpcError) -> hyper::Response<Full<Bytes>> {
    let body = serde_json::to_vec(&Response::err(Value::Null, error)).unwrap_or_default();
    http_response(status, body)
}

async fn handle(
    req: hyper::Request<Incoming>,
    chain: SharedChain,
    shutdown: watch::Receiver<bool>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    if req.method() == Method::OPTIONS {
        return Ok(http_response(StatusCode::NO_CONTENT, Vec::new()));
    }
    if req.method() == Method::GET && ws::is_upgrade(&req) {
        return Ok(ws::upgrade(req, chain, shutdown));
    }
    if req.method() == Method::GET {
        return Ok(crate::page::response(req.uri().path()));
    }
    if req.method() != Method::POST {
        return Ok(error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            RpcError::invalid_request("JSON-RPC requests are POSTed"),
        ));
    }
    let body = match Limited::new(req.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(body) => body.to_bytes(),
        Err(e) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            return Ok(if too_large {
                let mut response = error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    RpcError::invalid_request(format!(
                        "request body larger than {MAX_BODY_BYTES} bytes"
                    )),
                );
                // The rest of the body is not read: this connection cannot be reused.
                response
                    .headers_mut()
                    .insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
                response
            } else {
                error_response(StatusCode::BAD_REQUEST, RpcError::parse("unreadable body"))
            });
        }
    };
    // On the blocking pool, as anvil answers calls: a long request (a trace, an estimate)
    // never holds up the websockets and the miner on the runtime's workers. The hop costs
    // about a tenth of a one-call request's rate (measured, docs/node-benchmark.md).
    let reply = tokio::task::spawn_blocking(move || answer(&chain, &body))
        .await
        .unwrap_or_else(|e| {
            Some(
                serde_json::to_vec(&Response::err(
                    Value::Null,
                    RpcError::internal(format!("request handler failed: {e}")),
                ))
                .unwrap_or_default(),
            )
        });
    Ok(match reply {
        Some(body) => http_response(StatusCode::OK, body),
        // Only notifications: nothing to answer.
        None => http_response(StatusCode::NO_CONTENT, Vec::new()),
    })
}

/// Answers a request body: the serialized response, or `None` when it held only
/// notifications.
pub fn answer(chain: &SharedChain, body: &[u8]) -> Option<Vec<u8>> {
    answer_with(body, |request| call(chain, request))
}

/// Answers a request body (single or batch, big integers read exactly), each request by
/// `call`: the serialized response, or `None` when it held only notifications.
fn answer_with(
    body: &[u8],
    mut call: impl FnMut(&Request) -> Result<Value, RpcError>,
) -> Option<Vec<u8>> {
    let body = crate::numbers::quote_big_integers(body);
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return serialize(&Response::err(Value::Null, RpcError::parse(e))),
    };
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                return serialize(&Response::err(
                    Value::Null,
                    RpcError::invalid_request("empty batch"),
                ));
            }
            if items.len() > MAX_BATCH {
                return serialize(&Response::err(
                    Value::Null,
                    RpcError::invalid_request(format!("batch larger than {MAX_BATCH} requests")),
                ));
            }
            let responses: Vec<Response> = items
                .into_iter()
                .filter_map(|item| one(item, &mut call))
                .collect();
            if responses.is_empty() {
                None
            } else {
                serialize(&responses)
            }
        }
        single => one(single, &mut call).and_then(|r| serialize(&r)),
    }
}

fn serialize<T: serde::Serialize>(value: &T) -> Option<Vec<u8>> {
    Some(serde_json::to_vec(value).unwrap_or_else(|e| {
        format!(
            r#"{{"jsonrpc":"2.0","id":null,"error":{{"code":-32603,"message":"internal error: {}"}}}}"#,
            e.to_string().replace('"', "'")
        )
        .into_bytes()
    }))
}

/// Answers one request object with `call`; `None` for a notification. A panic in `call` is
/// caught and answered with -32603.
fn one(
    value: Value,
    call: &mut impl FnMut(&Request) -> Result<Value, RpcError>,
) -> Option<Response> {
    let request = match parse_request(value) {
        Ok(r) => r,
        Err(response) => return Some(response),
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(&request)))
        .unwrap_or_else(|_| Err(RpcError::internal("the devnet panicked")));
    let id = request.id?;
    Some(match result {
        Ok(value) => Response::ok(id, value),
        Err(error) => Response::err(id, error),
    })
}

/// Answers one request with the chain's methods.
fn call(chain: &SharedChain, request: &Request) -> Result<Value, RpcError> {
    // A poisoned lock still holds a whole chain: every change is made under it in one piece.
    let mut guard = chain
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    methods::dispatch(&mut guard, &request.method, &request.params)
}

/// Binds `addr`.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}
