//! The test harness itself: the host wrapper and the signing helpers.

use alloy_primitives::{Address, B256};
use stylus_sdk::call::static_call;
use stylus_sdk::stylus_core::calls::Call;

use crate::native::support::*;

const TARGET: Address = Address::with_last_byte(0x77);

#[test]
fn plain_testvm_answers_every_static_call_with_the_last_mock() {
    // Why `FixedHost` exists: if this starts failing, TestVM was fixed and the wrapper can go.
    let vm = test_vm();
    vm.mock_static_call(TARGET, vec![1], Ok(vec![0xaa]));
    vm.mock_static_call(TARGET, vec![2], Ok(vec![0xbb]));
    assert_eq!(
        static_call(&vm, Call::new(), TARGET, &[1]).unwrap(),
        vec![0xbb]
    );
    // Even a call that matches no mock answers the last mocked data.
    assert_eq!(
        static_call(&vm, Call::new(), TARGET, &[3]).unwrap(),
        vec![0xbb]
    );
}

#[test]
fn fixed_host_answers_each_static_call_with_its_own_mock() {
    let vm = test_vm();
    let host = FixedHost::new(&vm);
    vm.mock_static_call(TARGET, vec![1], Ok(vec![0xaa]));
    vm.mock_static_call(TARGET, vec![2], Ok(vec![0xbb]));
    vm.mock_static_call(TARGET, vec![4], Err(vec![0xee]));
    assert_eq!(
        static_call(&host, Call::new(), TARGET, &[1]).unwrap(),
        vec![0xaa]
    );
    assert_eq!(
        static_call(&host, Call::new(), TARGET, &[2]).unwrap(),
        vec![0xbb]
    );
    assert_eq!(
        static_call(&host, Call::new(), TARGET, &[3]).unwrap(),
        Vec::<u8>::new()
    );
    assert!(static_call(&host, Call::new(), TARGET, &[4]).is_err());
}

#[test]
fn oracle_keys_are_distinct_and_their_signatures_recover_them() {
    let oracles = [ORACLE_1, ORACLE_2, ORACLE_3, ORACLE_4, ROGUE_ORACLE];
    let mut addresses: Vec<Address> = oracles.iter().map(|o| o.address()).collect();
    addresses.sort();
    addresses.dedup();
    assert_eq!(addresses.len(), oracles.len());
    let digest = B256::repeat_byte(0x42);
    for oracle in oracles {
        let signature = oracle.sign(digest);
        assert!(signature[64] == 27 || signature[64] == 28);
        assert_eq!(ecrecover(digest, &signature), Some(oracle.address()));
        assert_ne!(
            ecrecover(B256::repeat_byte(0x43), &signature),
            Some(oracle.address())
        );
    }
}
