//! What the node tests share: a node on a free port, the development accounts' signers, and
//! providers on it.

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, B256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use lst_devnet::{start, NodeConfig, RunningNode};
use serde_json::{json, Value};

/// A node on a free port, seeded or not.
pub(crate) async fn node(seed: bool) -> RunningNode {
    start(NodeConfig {
        port: 0,
        seed,
        ..Default::default()
    })
    .await
    .expect("node starts (run `cargo xtask artifact` first)")
}

/// Development account `i`'s signer (a PUBLIC test key).
pub(crate) fn signer(node: &RunningNode, i: usize) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&node.accounts[i].private_key).expect("a development key")
}

/// A provider that signs as development account `i`.
pub(crate) fn wallet(node: &RunningNode, i: usize) -> impl Provider + Clone {
    ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer(node, i)))
        .connect_http(node.url.parse().expect("the node's URL"))
}

/// A provider without a wallet.
pub(crate) fn reader(node: &RunningNode) -> impl Provider + Clone {
    ProviderBuilder::new().connect_http(node.url.parse().expect("the node's URL"))
}

/// A raw JSON-RPC call to `node`: the answer, or the error object.
pub(crate) async fn rpc(node: &RunningNode, method: &str, params: Value) -> Result<Value, Value> {
    rpc_at(&node.url, method, params).await
}

/// A raw JSON-RPC call to the node at `url`: the answer, or the error object (`code`,
/// `message` and `data` when there is one).
pub(crate) async fn rpc_at(url: &str, method: &str, params: Value) -> Result<Value, Value> {
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    match provider
        .raw_request_dyn(
            method.to_owned().into(),
            &serde_json::value::to_raw_value(&params).unwrap(),
        )
        .await
    {
        Ok(raw) => Ok(serde_json::from_str::<Value>(raw.get()).unwrap()),
        Err(e) => match e.as_error_resp() {
            Some(resp) => {
                let mut error = json!({ "code": resp.code, "message": resp.message });
                if let Some(data) = &resp.data {
                    error["data"] = serde_json::from_str(data.get()).unwrap();
                }
                Err(error)
            }
            None => panic!("transport error: {e}"),
        },
    }
}

/// The code of a JSON-RPC error object.
pub(crate) fn code_of(error: &Value) -> i64 {
    error["code"].as_i64().unwrap()
}

/// A JSON-RPC quantity (`"0x…"`) as a number.
pub(crate) fn quantity(value: &Value) -> u64 {
    u64::from_str_radix(value.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// `registerNode` from the admin (account 0): one transaction with one log.
pub(crate) async fn register_node(node: &RunningNode, i: u8) -> B256 {
    let admin = wallet(node, 0);
    let registry = crate::ILstRegistry::new(node.registry, &admin);
    let receipt = registry
        .registerNode(
            Address::repeat_byte(0x10 + i),
            Address::repeat_byte(0x20 + i),
            format!("ipfs://node-{i}"),
        )
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    receipt.transaction_hash
}

/// `setOracleSetDelay` from the admin: one transaction with one log, as often as needed.
pub(crate) async fn set_delay(node: &RunningNode, days: u32) {
    let admin = wallet(node, 0);
    let receipt = crate::ILstRegistry::new(node.registry, &admin)
        .setOracleSetDelay(days * 86_400)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert_eq!(receipt.inner.logs().len(), 1);
}

/// `wasm` with an empty custom section `lst-devnet-test` appended: the same program under
/// another code hash.
pub(crate) fn with_custom_section(wasm: &[u8]) -> Vec<u8> {
    let name = b"lst-devnet-test";
    let mut out = wasm.to_vec();
    out.extend_from_slice(&[0x00, name.len() as u8 + 1, name.len() as u8]);
    out.extend_from_slice(name);
    out
}
