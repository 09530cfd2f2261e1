//! The concurrent traffic: hammer tasks posting the bad requests (and broken HTTP), readers,
//! and senders of signed transactions, counting what they saw.

use super::*;

#[derive(Default)]
pub(super) struct Counters {
    pub(super) malformed: AtomicUsize,
    pub(super) batch_items: AtomicUsize,
    pub(super) oversized_413: AtomicUsize,
    pub(super) oversized_reset: AtomicUsize,
    pub(super) broken_http: AtomicUsize,
    pub(super) refused_txs: AtomicUsize,
    pub(super) reads: AtomicUsize,
}

pub(super) async fn post(client: &reqwest::Client, url: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
    let r = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the node answers");
    let status = r.status().as_u16();
    (status, r.bytes().await.expect("a body").to_vec())
}

pub(super) fn parse(body: &[u8], what: &str) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

/// Posts every malformed case `PASSES` times, plus large batches and oversized bodies.
pub(super) async fn hammer(url: String, registry: Address, counters: Arc<Counters>, seed: usize) {
    let client = reqwest::Client::new();
    let cases = cases(registry);
    let objects = bad_objects(registry);
    for pass in 0..PASSES {
        for n in 0..cases.len() {
            // Each task walks the cases from a different place.
            let case = &cases[(n + seed * 7 + pass) % cases.len()];
            let (status, body) = post(&client, &url, case.body.clone()).await;
            assert_eq!(status, 200, "{}", case.name);
            let v = parse(&body, case.name);
            assert_eq!(error_code(&v, case.name), case.code, "{}: {v}", case.name);
            counters.malformed.fetch_add(1, Ordering::Relaxed);
        }

        // A full batch (100) of bad objects, ids renumbered: one error per item, by id.
        let batch: Vec<Value> = (0..100)
            .map(|k| {
                let mut o = objects[k % objects.len()].1.clone();
                if o.get("id").is_some_and(|id| id.is_number()) {
                    o["id"] = json!(k);
                }
                o
            })
            .collect();
        let (status, body) = post(&client, &url, serde_json::to_vec(&batch).unwrap()).await;
        assert_eq!(status, 200);
        let answers = parse(&body, "batch");
        let answers = answers.as_array().expect("a batch answer");
        assert_eq!(answers.len(), 100);
        for (k, answer) in answers.iter().enumerate() {
            let (name, _, code) = &objects[k % objects.len()];
            assert_eq!(
                error_code(answer, name),
                *code,
                "batch item {k} ({name}): {answer}"
            );
            if let Some(id) = answer["id"].as_u64() {
                assert_eq!(id as usize, k, "answers keep the request order");
            }
        }
        counters.batch_items.fetch_add(100, Ordering::Relaxed);
        counters.malformed.fetch_add(1, Ordering::Relaxed);

        // One over the batch limit: a single -32600.
        let batch: Vec<Value> = (0..101).map(|k| req(k, "eth_chainId", json!([]))).collect();
        let (_, body) = post(&client, &url, serde_json::to_vec(&batch).unwrap()).await;
        assert_eq!(
            error_code(&parse(&body, "batch of 101"), "batch of 101"),
            -32600
        );
        counters.malformed.fetch_add(1, Ordering::Relaxed);

        // A batch mixing garbage items with good ones: each answered on its own.
        let mixed =
            json!([1, req(1, "eth_chainId", json!([])), {"foo": 1}, req(2, "eth_nope", json!([]))]);
        let (_, body) = post(&client, &url, serde_json::to_vec(&mixed).unwrap()).await;
        let v = parse(&body, "mixed batch");
        let v = v.as_array().expect("mixed batch answer");
        assert_eq!(v.len(), 4);
        assert_eq!(error_code(&v[0], "mixed 0"), -32600);
        assert_eq!(
            v[1]["result"],
            format!("0x{:x}", lst_devnet::DEFAULT_CHAIN_ID)
        );
        assert_eq!(error_code(&v[2], "mixed 2"), -32600);
        assert_eq!(error_code(&v[3], "mixed 3"), -32601);
        counters.malformed.fetch_add(1, Ordering::Relaxed);

        // A notification of an unknown method: no answer at all (JSON-RPC 2.0 §4.1).
        let (status, body) = post(
            &client,
            &url,
            br#"{"jsonrpc":"2.0","method":"eth_nope"}"#.to_vec(),
        )
        .await;
        assert_eq!((status, body.len()), (204, 0));

        // Over the 5 MiB limit: HTTP 413 with -32600, or the connection is closed while the
        // client is still uploading (the server answers early and does not read the rest).
        let oversized = reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(vec![b' '; 6 * 1024 * 1024])
            .send()
            .await;
        match oversized {
            Ok(r) => {
                assert_eq!(r.status().as_u16(), 413);
                let v = parse(&r.bytes().await.unwrap(), "oversized");
                assert_eq!(error_code(&v, "oversized"), -32600);
                counters.oversized_413.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                counters.oversized_reset.fetch_add(1, Ordering::Relaxed);
            }
        }
        counters.malformed.fetch_add(1, Ordering::Relaxed);
        tokio::task::yield_now().await;
    }
}

/// Broken HTTP on raw sockets: a garbage request line, and a body cut short.
pub(super) fn broken_http(addr: std::net::SocketAddr, counters: &Counters) {
    let timeout = Some(Duration::from_secs(10));
    // Not HTTP at all: an HTTP 400 (from hyper) or a closed connection, never a 2xx.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(timeout).unwrap();
    s.write_all(b"HELLO THERE\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 4"),
        "garbage request line: {text}"
    );
    counters.broken_http.fetch_add(1, Ordering::Relaxed);

    // A POST announcing 1000 bytes that sends 10 and stops writing: an HTTP 4xx (the
    // unreadable body as -32700), or a closed connection.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(timeout).unwrap();
    s.write_all(
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\"",
    )
    .unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 4"),
        "truncated body: {text}"
    );
    if let Some((_, body)) = text.split_once("\r\n\r\n") {
        if !body.is_empty() {
            error_code(&parse(body.as_bytes(), "truncated body"), "truncated body");
        }
    }
    counters.broken_http.fetch_add(1, Ordering::Relaxed);
}

/// Reads while the senders run; block number, application count and logs never go back.
pub(super) async fn reader(
    url: String,
    registry: Address,
    done: Arc<AtomicBool>,
    counters: Arc<Counters>,
) {
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let contract = ILstRegistry::new(registry, &provider);
    let submitted = Filter::new()
        .from_block(0)
        .address(registry)
        .event_signature(ILstRegistry::ApplicationSubmitted::SIGNATURE_HASH);
    let (mut block, mut apps, mut logs) = (0u64, 0u64, 0usize);
    loop {
        // Checked before the round of reads: one full round runs after the senders finish.
        let last = done.load(Ordering::Acquire);
        let b = provider.get_block_number().await.expect("eth_blockNumber");
        assert!(b >= block, "block number went back: {block} -> {b}");
        block = b;
        let c = contract.counts().call().await.expect("eth_call counts()");
        assert!(c.applicationCount >= apps, "applications went back");
        apps = c.applicationCount;
        let l = provider
            .get_logs(&submitted)
            .await
            .expect("eth_getLogs")
            .len();
        assert!(l >= logs, "logs went back: {logs} -> {l}");
        logs = l;
        provider
            .get_balance(recipient(1))
            .await
            .expect("eth_getBalance");
        // A batch of 100 good reads: 100 results.
        let batch: Vec<Value> = (0..100)
            .map(|k| match k % 3 {
                0 => req(k, "eth_blockNumber", json!([])),
                1 => req(k, "eth_chainId", json!([])),
                _ => req(
                    k,
                    "eth_getTransactionCount",
                    json!([recipient(1), "latest"]),
                ),
            })
            .collect();
        let raw: Value = reqwest::Client::new()
            .post(&url)
            .json(&batch)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let raw = raw.as_array().expect("a batch answer");
        assert_eq!(raw.len(), 100);
        assert!(raw.iter().all(|r| r.get("result").is_some()), "{raw:?}");
        counters.reads.fetch_add(5 + 100, Ordering::Relaxed);
        if last {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends the M transactions of account `i` in nonce order; replays each, and tries a nonce
/// gap and a wrong chain id on the way (all refused with -32000, never mined).
pub(super) async fn sender(
    node: Arc<RunningNode>,
    i: usize,
    counters: Arc<Counters>,
) -> Vec<(u64, B256)> {
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());
    let mut hashes = Vec::new();
    for j in 0..M {
        let (tx, hash) = raw(&node, i, account_tx(&node, i, j));
        let sent = provider
            .send_raw_transaction(&tx)
            .await
            .unwrap_or_else(|e| panic!("account {i} tx {j}: {e}"));
        assert_eq!(
            *sent.tx_hash(),
            hash,
            "the node's hash is the transaction's"
        );
        hashes.push((j, hash));

        let e = provider.send_raw_transaction(&tx).await.unwrap_err();
        assert_eq!(rpc_code(&e), Some(-32000), "replay: {e}");
        assert!(e.to_string().contains("already known"), "{e}");
        counters.refused_txs.fetch_add(1, Ordering::Relaxed);
        if j % 4 == 1 {
            let (gap, _) = raw(
                &node,
                i,
                // Beyond the pool's largest nonce gap: refused, never queued.
                unsigned(
                    &node,
                    j + 2 + lst_devnet::chain::MAX_NONCE_GAP,
                    recipient(i),
                    21_000,
                    U256::from(1),
                    Vec::new(),
                ),
            );
            let e = provider.send_raw_transaction(&gap).await.unwrap_err();
            assert_eq!(rpc_code(&e), Some(-32000), "gap: {e}");
            assert!(e.to_string().contains("nonce too high"), "{e}");
            let mut other_chain = unsigned(
                &node,
                j + 1,
                recipient(i),
                21_000,
                U256::from(1),
                Vec::new(),
            );
            other_chain.chain_id = 1;
            let (other_chain, _) = raw(&node, i, other_chain);
            let e = provider
                .send_raw_transaction(&other_chain)
                .await
                .unwrap_err();
            assert_eq!(rpc_code(&e), Some(-32000), "chain id: {e}");
            counters.refused_txs.fetch_add(2, Ordering::Relaxed);
        }
    }
    hashes
}
