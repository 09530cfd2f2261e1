//! The program's page on the RPC port: the single-page app of `packages/lst-registry-page`,
//! built by Vite into its committed `dist/` and embedded here with `include_bytes!`, so
//! building the node needs no Node.js. `GET /` (or `/index.html`) answers the page and
//! `GET /assets/…` its script and stylesheet, each with its content type and a strict
//! Content-Security-Policy (no inline script or style, nothing loaded from another origin;
//! the page talks JSON-RPC, over HTTP and websocket, to the node in its URL). Any other `GET`
//! path is 404; `POST` stays JSON-RPC and a `GET` with `Upgrade: websocket` stays the
//! websocket ([`crate::server`]).

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use hyper::StatusCode;

/// The policy every answer of the page carries: scripts, styles and images from the node
/// only (plus the `data:` favicon), JSON-RPC to any http(s) or ws(s) node the URL names.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self' http: https: ws: wss:; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One embedded file of `dist/`.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// Its URL path.
    pub path: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static [u8],
}

/// The files of `packages/lst-registry-page/dist` (their names are fixed by its
/// `vite.config.ts`; `tests/it/page.rs` checks that every file there is served).
pub const ASSETS: &[Asset] = &[
    Asset {
        path: "/index.html",
        content_type: "text/html; charset=utf-8",
        body: include_bytes!("../../packages/lst-registry-page/dist/index.html"),
    },
    Asset {
        path: "/assets/page.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../packages/lst-registry-page/dist/assets/page.js"),
    },
    Asset {
        path: "/assets/page.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../packages/lst-registry-page/dist/assets/page.css"),
    },
];

/// The embedded file at URL `path` (`/` is `/index.html`), if any.
pub fn asset(path: &str) -> Option<&'static Asset> {
    let path = if path == "/" { "/index.html" } else { path };
    ASSETS.iter().find(|a| a.path == path)
}

/// The answer to a `GET` of `path` (the query string is the page's, not the server's).
pub fn response(path: &str) -> hyper::Response<Full<Bytes>> {
    let (status, content_type, body) = match asset(path) {
        Some(a) => (StatusCode::OK, a.content_type, Bytes::from_static(a.body)),
        None => (
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"not found: the page is at /, JSON-RPC is POSTed to /\n"),
        ),
    };
    let mut response = hyper::Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The page changes with the binary: always revalidate.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
