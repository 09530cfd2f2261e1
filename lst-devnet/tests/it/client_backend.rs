//! `lst-registry-client`'s JSON-RPC backend against the node, used synchronously (outside any
//! runtime), as the CLI uses it.

use alloy::primitives::{Address, U256};
use lst_devnet::NodeConfig;

use crate::common::signer;

/// The client's JSON-RPC backend, used synchronously (outside any runtime) against the
/// seeded node: a typed view, a transaction with its decoded event, a revert decoded into
/// its custom error.
#[test]
fn the_clients_json_rpc_backend_drives_the_node() {
    use lst_registry_client::abi::ILstRegistry as C;
    use lst_registry_client::rpc::RpcBackend;
    use lst_registry_client::{Backend, Outcome, Registry, RegistryError, RegistryEvent};

    let node = lst_devnet::spawn(NodeConfig {
        port: 0,
        seed: true,
        ..Default::default()
    })
    .expect("node starts (run `cargo xtask artifact` first)");
    let (admin, stranger) = (node.accounts[0].address, node.accounts[9].address);
    let backend =
        RpcBackend::connect(&node.url, vec![signer(&node, 0), signer(&node, 9)]).expect("connects");
    let mut registry = Registry::at(backend, node.registry);

    let phase = registry.view(&C::phaseCall {}).expect("phase");
    assert_eq!((phase.current, phase.nodeCount), (0, 4));

    let now = registry.backend_mut().timestamp().expect("timestamp");
    let open = C::openRoundCall {
        slots: 2,
        deadline: now + 7 * 86_400,
    };
    let tx = registry.send(admin, &open).expect("openRound");
    assert_eq!(tx.outcome, Outcome::Success(2));
    assert!(matches!(&tx.events[..], [RegistryEvent::RoundOpened(e)] if e.roundId == 2));
    assert!(tx.receipt.tx_hash.is_some() && tx.receipt.block_number.is_some());
    assert!(tx.gas_used > 21_000);

    let tx = registry
        .send(stranger, &open)
        .expect("openRound by a stranger");
    assert!(
        matches!(tx.error(), Some(RegistryError::RegistryNotAdmin(e)) if e.caller == stranger),
        "{:?}",
        tx.outcome
    );
    assert!(tx.events.is_empty());
    node.shutdown();
}

/// The JSON-RPC backend's answers beyond the `Backend` trait, as the CLI uses them: the
/// chain id, the code at an address, a gas estimate that sends nothing, and an `eth_call`
/// at a past block.
#[test]
fn the_clients_json_rpc_backend_reads_the_chain() {
    use alloy::eips::BlockId;
    use alloy::sol_types::SolCall;
    use lst_registry_client::abi::ILstRegistry as C;
    use lst_registry_client::rpc::RpcBackend;
    use lst_registry_client::{Registry, Request, Status};

    let node = lst_devnet::spawn(NodeConfig {
        port: 0,
        seed: true,
        ..Default::default()
    })
    .expect("node starts (run `cargo xtask artifact` first)");
    let admin = node.accounts[0].address;
    let backend = RpcBackend::connect(&node.url, vec![signer(&node, 0)]).expect("connects");
    assert_eq!(backend.chain_id().expect("chain id"), 412_346);
    assert_eq!(
        &backend.code_at(node.registry).expect("code")[..3],
        &[0xEF, 0xF0, 0x00]
    );
    assert!(backend
        .code_at(node.accounts[9].address)
        .expect("code")
        .is_empty());

    let counts = C::countsCall {}.abi_encode();
    let read_counts = Request {
        from: Address::ZERO,
        to: node.registry,
        calldata: &counts,
        value: U256::ZERO,
    };
    let rounds = |backend: &RpcBackend, block: BlockId| {
        let receipt = backend.call_at(&read_counts, block).expect("counts");
        assert_eq!(receipt.status, Status::Success);
        C::countsCall::abi_decode_returns(&receipt.output)
            .expect("counts decode")
            .roundCount
    };
    assert_eq!(rounds(&backend, BlockId::latest()), 1);

    // A gas estimate sends nothing.
    let mut registry = Registry::at(backend, node.registry);
    let now = {
        use lst_registry_client::Backend;
        registry.backend_mut().timestamp().expect("timestamp")
    };
    let open = C::openRoundCall {
        slots: 2,
        deadline: now + 7 * 86_400,
    }
    .abi_encode();
    let request = Request {
        from: admin,
        to: node.registry,
        calldata: &open,
        value: U256::ZERO,
    };
    let gas = registry.backend().estimate_gas(&request).expect("estimate");
    assert!(gas > 21_000, "{gas}");
    assert_eq!(rounds(registry.backend(), BlockId::latest()), 1);

    // Sent, the round is there at its block, not at the block before.
    let tx = registry
        .send_raw(admin, &open, U256::ZERO)
        .expect("openRound");
    let block = tx.receipt.block_number.expect("mined");
    assert_eq!(rounds(registry.backend(), BlockId::number(block)), 2);
    assert_eq!(rounds(registry.backend(), BlockId::number(block - 1)), 1);

    // A revert at a block answers its data, not an error.
    let stranger = Request {
        from: node.accounts[9].address,
        ..request
    };
    let reverted = registry
        .backend()
        .call_at(&stranger, BlockId::number(block))
        .expect("a revert is an answer");
    assert_eq!(reverted.status, Status::Revert);
    assert!(!reverted.output.is_empty());
    node.shutdown();
}
