//! Every custom error of the interface, reached through the artifact and decoded: each
//! revert is checked as `eth_call` and as a transaction, with no log and no storage change.

use std::collections::BTreeSet;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolInterface};
use lst_registry_client::abi::{constructor_selector, ILstRegistry as I, RegistryError};
use lst_registry_client::eip712;
use lst_registry_client::fixtures::{announcement_uri, attest, sorted, SNAPSHOT_SPACE};
use lst_registry_e2e::render::metis;
use lst_registry_e2e::Registry;
use lst_registry_types::program::{ATTESTATION_WINDOW, DEFAULT_ATTESTATION_WINDOW};

use crate::common::*;

mod access;
mod attestations;
mod calldata;
mod nodes;
mod rounds;
mod rules;

/// The default attestation window (14 days), valid in every `setVoteRules` below.
const WINDOW: u32 = DEFAULT_ATTESTATION_WINDOW;

/// Largest amount the registry stores: 2^96 − 1 wei.
fn max_amount() -> U256 {
    (U256::from(1) << 96) - U256::from(1)
}

/// Records which errors were reached.
struct Coverage(BTreeSet<[u8; 4]>);

impl Coverage {
    fn reverts<C: SolCall>(
        &mut self,
        reg: &mut Registry,
        from: Address,
        call: &C,
        expected: impl Into<RegistryError>,
    ) {
        let expected = expected.into();
        self.0.insert(expected.selector());
        assert_reverts(reg, from, call, expected);
    }

    fn reverts_raw(
        &mut self,
        reg: &mut Registry,
        from: Address,
        calldata: &[u8],
        value: U256,
        expected: impl Into<RegistryError>,
    ) {
        let expected = expected.into();
        self.0.insert(expected.selector());
        assert_reverts_raw(reg, from, calldata, value, expected);
    }
}

fn submit_with(
    id: u64,
    edit: impl FnOnce(&mut I::submitApplicationCall),
) -> I::submitApplicationCall {
    let mut call = cast().lst(id).submit();
    edit(&mut call);
    call
}

/// Node 2's operator pairing it with application 1: a valid call, edited by the tests.
fn pair_node_2() -> I::pairCall {
    I::pairCall {
        nodeId: 2,
        applicationId: 1,
        stakeCap: metis(20_000),
        announcementUri: announcement_uri(2, "Artemis"),
    }
}

#[test]
fn every_custom_error_is_reached_and_decoded() {
    let mut reg = populated();
    let mut cov = Coverage(BTreeSet::new());
    let now = reg.net().timestamp();
    access::who_may_act(&mut reg, &mut cov);
    calldata::calls_and_input(&mut reg, &mut cov);
    rules::rules_and_phases(&mut reg, &mut cov);
    attestations::oracle_set_and_attestations(&mut reg, &mut cov);
    rounds::rounds_and_applications(&mut reg, &mut cov, now);
    nodes::nodes_pairings_and_stake(&mut reg, &mut cov);
    deployment(&mut reg, &mut cov);

    // ---- every error of the interface was reached
    let all: BTreeSet<[u8; 4]> = RegistryError::SELECTORS.iter().copied().collect();
    let missing: Vec<&str> = all
        .difference(&cov.0)
        .filter_map(|s| RegistryError::name_by_selector(*s))
        .collect();
    assert!(missing.is_empty(), "errors never reached: {missing:?}");
}

/// The deployment's errors (e2e/tests/it/constructor.rs checks these in full): the views
/// program called directly, a constructor naming a views program without code.
fn deployment(reg: &mut Registry, cov: &mut Coverage) {
    let c = cast();
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    let views = reg.views_program().expect("views program");
    let out = reg
        .net_mut()
        .call(stranger, views, &I::adminCall {}.abi_encode());
    assert_eq!(
        out.output,
        I::RegistryNotDelegated {}.abi_encode(),
        "the views program called directly"
    );
    let admin_program = reg.admin_program().expect("admin program");
    let out = reg.net_mut().call(
        admin,
        admin_program,
        &I::setGuardianCall {
            newGuardian: stranger,
        }
        .abi_encode(),
    );
    assert_eq!(
        out.output,
        I::RegistryNotDelegated {}.abi_encode(),
        "the admin program called directly"
    );
    cov.0.insert(I::RegistryNotDelegated::SELECTOR);
    let mut net = lst_registry_client::devnet::devnet();
    let refused = net.deploy(
        c.deployer.address,
        wasm(),
        &lst_registry_client::abi::constructor_args(admin, stranger, stranger),
    );
    match refused {
        Err(stylus_devnet::DeployError::Constructor(receipt)) => assert_eq!(
            receipt.output,
            I::RegistryNoCode { account: stranger }.abi_encode()
        ),
        other => panic!(
            "a views program without code: {:?}",
            other.map(|r| r.status)
        ),
    }
    cov.0.insert(I::RegistryNoCode::SELECTOR);
}

#[test]
fn a_full_round_takes_no_more_applications() {
    let mut reg = populated();
    // round 2 holds application 3; fill it to the bound of 128
    for i in 1..128 {
        let lst = lst_registry_client::fixtures::Lst::new(&format!("Filler {i:03}"));
        ok(&mut reg, lst.applicant.address, &lst.submit());
    }
    let late = cast().lst(4);
    assert_reverts(
        &mut reg,
        late.applicant.address,
        &late.submit(),
        I::RegistryRoundFull {
            roundId: 2,
            max: 128,
        },
    );
}

#[test]
fn undecodable_revert_data_fails_loudly() {
    use lst_registry_client::decode::decode_error;
    use lst_registry_client::ClientError;
    for data in [
        &b""[..],
        &[0xde, 0xad, 0xbe, 0xef][..],
        &I::RegistryNotAdmin::SELECTOR[..],
    ] {
        match decode_error("f", data) {
            Err(ClientError::UndecodableRevert { .. }) => {}
            other => panic!("{data:?} decoded as {other:?}"),
        }
    }
    let valid = RegistryError::from(I::RegistryNotPaused {}).abi_encode();
    assert!(decode_error("f", &valid).is_ok());
    let mut trailing = valid.clone();
    trailing.push(0);
    assert!(
        decode_error("f", &trailing).is_err(),
        "trailing bytes are not a canonical encoding"
    );
}
