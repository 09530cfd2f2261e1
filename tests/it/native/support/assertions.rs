//! Assertions: storage, reverts that change nothing, error encodings, logs and events.

use std::collections::BTreeMap;
use std::fmt::Debug;

use alloy_primitives::{hex, LogData, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use lst_registry::events::{
    ApplicationFailed, ApplicationPassed, ApplicationQualified, ApplicationRevoked, NodePaired,
    RoundFinalised,
};
use lst_registry::RegistryError;
use stylus_sdk::testing::TestVM;

use super::{cap_1, APP_A, NODE_1, PAIRING_1, ROUND_1};

/// The contract's storage, without slots that hold zero (a zero write is no change).
pub(crate) fn storage(vm: &TestVM) -> BTreeMap<U256, B256> {
    vm.snapshot()
        .storage
        .into_iter()
        .filter(|(_, value)| !value.is_zero())
        .collect()
}

/// Runs `call`, which must fail with exactly `expected`, leave storage as it was and emit no
/// log. Fails the test otherwise.
#[track_caller]
pub(crate) fn expect_revert<T: Debug>(
    vm: &TestVM,
    call: impl FnOnce() -> Result<T, RegistryError>,
    expected: RegistryError,
) {
    let before = storage(vm);
    let logs = vm.get_emitted_logs().len();
    match call() {
        Ok(value) => panic!("expected revert {expected:?}, but the call returned Ok({value:?})"),
        Err(error) => assert_eq!(error, expected, "wrong revert"),
    }
    let after = storage(vm);
    if after != before {
        let changed: Vec<_> = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k:#x} = {v}"))
            .chain(
                before
                    .keys()
                    .filter(|k| !after.contains_key(*k))
                    .map(|k| format!("{k:#x} cleared")),
            )
            .collect();
        panic!("a reverted call changed storage: {changed:#?}");
    }
    let new_logs = &vm.get_emitted_logs()[logs..];
    assert!(
        new_logs.is_empty(),
        "a reverted call emitted {} log(s): {new_logs:?}",
        new_logs.len()
    );
}

/// `error` is ABI-encoded exactly as alloy encodes the Solidity error `sol`.
#[track_caller]
pub(crate) fn assert_encodes_as<E: SolError>(error: &RegistryError, sol: &E) {
    assert_eq!(
        hex::encode(error.encode()),
        hex::encode(sol.abi_encode()),
        "{}",
        E::SIGNATURE
    );
    assert_eq!(error.selector(), E::SELECTOR);
}

/// A raw log as alloy encodes `event`.
pub(crate) fn log_of<E: SolEvent>(event: &E) -> (Vec<B256>, Vec<u8>) {
    let data: LogData = event.encode_log_data();
    (data.topics().to_vec(), data.data.to_vec())
}

/// The `ApplicationQualified` log of `application` (in round 1), ranked `rank` within the slots.
pub(crate) fn qualified_log(application: u64, rank: u16) -> (Vec<B256>, Vec<u8>) {
    log_of(&ApplicationQualified {
        roundId: ROUND_1,
        applicationId: application,
        rank,
    })
}

/// The `ApplicationPassed` log of `application` (in round 1), ranked `rank` below the slots.
pub(crate) fn passed_log(application: u64, rank: u16) -> (Vec<B256>, Vec<u8>) {
    log_of(&ApplicationPassed {
        roundId: ROUND_1,
        applicationId: application,
        rank,
    })
}

/// The `ApplicationFailed` log of `application` (in round 1), with the status it failed with.
pub(crate) fn failed_log(application: u64, reason: u8) -> (Vec<B256>, Vec<u8>) {
    log_of(&ApplicationFailed {
        roundId: ROUND_1,
        applicationId: application,
        reason,
    })
}

/// The `RoundFinalised` log of round 1.
pub(crate) fn finalised_log(passed: u16, qualified: u8) -> (Vec<B256>, Vec<u8>) {
    log_of(&RoundFinalised {
        roundId: ROUND_1,
        passed,
        qualified,
    })
}

/// The `ApplicationRevoked` log of `application` (in round 1), revoked from status `previous`.
pub(crate) fn revoked_log(application: u64, previous: u8, reason: &str) -> (Vec<B256>, Vec<u8>) {
    log_of(&ApplicationRevoked {
        roundId: ROUND_1,
        applicationId: application,
        previousStatus: previous,
        reason: reason.into(),
    })
}

/// How many logs have been emitted so far.
pub(crate) fn log_mark(vm: &TestVM) -> usize {
    vm.get_emitted_logs().len()
}

/// Decodes `raw` as `E` (validating), and returns its re-encoding.
fn decode_log<E: SolEvent>(raw: &(Vec<B256>, Vec<u8>)) -> Result<(Vec<B256>, Vec<u8>), String> {
    E::decode_raw_log_validate(raw.0.iter().copied(), &raw.1)
        .map(|event| log_of(&event))
        .map_err(|e| e.to_string())
}

/// Some log emitted so far decodes as `E` and equals `expected`.
#[track_caller]
pub(crate) fn assert_emitted<E: SolEvent>(vm: &TestVM, expected: &E) {
    let want = log_of(expected);
    let logs = vm.get_emitted_logs();
    let candidates: Vec<_> = logs
        .iter()
        .filter(|(topics, _)| topics.first() == Some(&E::SIGNATURE_HASH))
        .collect();
    for raw in &candidates {
        match decode_log::<E>(raw) {
            Ok(decoded) if decoded == want && **raw == want => return,
            Ok(_) => {}
            Err(error) => panic!("a {} log does not decode: {error}: {raw:?}", E::SIGNATURE),
        }
    }
    panic!(
        "no {} log equal to {want:?}; emitted: {candidates:?}",
        E::SIGNATURE
    );
}

/// The logs emitted since `mark` are exactly `expected`, in order.
#[track_caller]
pub(crate) fn assert_logs_since(vm: &TestVM, mark: usize, expected: &[(Vec<B256>, Vec<u8>)]) {
    let logs = vm.get_emitted_logs();
    let new = &logs[mark..];
    assert_eq!(
        new.len(),
        expected.len(),
        "wrong number of logs: {new:#?}\nexpected: {expected:#?}"
    );
    for (index, (got, want)) in new.iter().zip(expected).enumerate() {
        assert_eq!(got, want, "log {index} differs");
    }
}

/// A call's result must be a success; runs it and returns the value and the logs it emitted.
#[track_caller]
pub(crate) fn emits<T: Debug>(
    vm: &TestVM,
    call: impl FnOnce() -> Result<T, RegistryError>,
    expected: &[(Vec<B256>, Vec<u8>)],
) -> T {
    let mark = log_mark(vm);
    let value = call().expect("call failed");
    assert_logs_since(vm, mark, expected);
    value
}

/// The `NodePaired` log of the first pairing (node 1 with application A at `cap_1()`),
/// made when the pairing nonce moves to `nonce`.
pub(crate) fn first_pairing_log(nonce: u64) -> (Vec<B256>, Vec<u8>) {
    log_of(&NodePaired {
        nodeId: NODE_1,
        pairingId: PAIRING_1,
        applicationId: APP_A,
        stakeCap: cap_1(),
        nonce,
    })
}
