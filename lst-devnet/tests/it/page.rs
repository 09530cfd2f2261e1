//! The program's page on the RPC port: `GET /` and its assets with their content types and
//! the Content-Security-Policy, 404 for anything else, every file of the committed `dist/`
//! served, and the RPC untouched (POST is JSON-RPC; the websocket upgrade on the same port
//! is checked by `ws`, and by the page's browser tests, which subscribe through it).

use std::path::Path;

use alloy::transports::http::reqwest::{self, Response};
use lst_devnet::page::{ASSETS, CONTENT_SECURITY_POLICY_VALUE};
use lst_devnet::RunningNode;

use crate::common::node;

async fn get(node: &RunningNode, path: &str) -> Response {
    reqwest::get(format!("{}{path}", node.url)).await.unwrap()
}

fn header<'a>(r: &'a Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn serves_the_page_at_the_root_with_a_strict_csp() {
    let node = node(false).await;
    // The query string is the page's own (which RPC, which registry).
    for path in [
        "/",
        "/index.html",
        "/?registry=0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    ] {
        let r = get(&node, path).await;
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
        assert_eq!(
            header(&r, "content-security-policy"),
            CONTENT_SECURITY_POLICY_VALUE
        );
        assert_eq!(header(&r, "x-content-type-options"), "nosniff");
        let html = r.text().await.unwrap();
        assert!(html.contains("<title>LST registry</title>"));
        assert!(html.contains(r#"src="./assets/page.js""#));
        // No inline script: every <script> has a src.
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script type=\"module\" crossorigin src=")
                .count()
        );
    }
    let csp = CONTENT_SECURITY_POLICY_VALUE;
    assert!(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"));
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn serves_the_script_and_the_stylesheet_with_their_content_types() {
    let node = node(false).await;
    let js = get(&node, "/assets/page.js").await;
    assert_eq!(js.status().as_u16(), 200);
    assert_eq!(
        header(&js, "content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        header(&js, "content-security-policy"),
        CONTENT_SECURITY_POLICY_VALUE
    );
    assert!(js.bytes().await.unwrap().len() > 1000);
    let css = get(&node, "/assets/page.css").await;
    assert_eq!(css.status().as_u16(), 200);
    assert_eq!(header(&css, "content-type"), "text/css; charset=utf-8");
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn answers_404_for_an_unknown_asset() {
    let node = node(false).await;
    for path in [
        "/assets/other.js",
        "/favicon.ico",
        "/../Cargo.toml",
        "/index.htm",
    ] {
        let r = get(&node, path).await;
        assert_eq!(r.status().as_u16(), 404, "{path}");
        assert_eq!(header(&r, "content-type"), "text/plain; charset=utf-8");
        assert!(r.text().await.unwrap().starts_with("not found"));
    }
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn post_is_still_json_rpc_and_options_still_cors() {
    let node = node(false).await;
    let client = reqwest::Client::new();
    let r = client
        .post(format!("{}/", node.url))
        .header("content-type", "application/json")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(header(&r, "content-type"), "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(v["result"], "0x64aba");
    let r = client
        .request(reqwest::Method::OPTIONS, node.url.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(header(&r, "access-control-allow-origin"), "*");
    node.shutdown();
}

/// Every file Vite wrote to the committed dist/ is embedded, byte for byte, and nothing else.
#[test]
fn embeds_every_file_of_dist() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../packages/lst-registry-page/dist");
    let mut on_disk = Vec::new();
    let mut stack = vec![dist.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let url = format!("/{}", path.strip_prefix(&dist).unwrap().to_str().unwrap());
                on_disk.push((url, std::fs::read(&path).unwrap()));
            }
        }
    }
    on_disk.sort();
    let mut embedded: Vec<(String, Vec<u8>)> = ASSETS
        .iter()
        .map(|a| (a.path.to_string(), a.body.to_vec()))
        .collect();
    embedded.sort();
    assert_eq!(
        on_disk.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        embedded.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(on_disk == embedded, "an embedded file differs from dist/");
}
