//! What the node tests share: a node on a free port, the development accounts' signers, and
//! providers on it.

use alloy::network::EthereumWallet;
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use lst_devnet::{start, NodeConfig, RunningNode};

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
