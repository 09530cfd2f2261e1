//! Calls between programs: return data, value, delegate and static calls, reentrancy, the
//! ecrecover precompile, eth_call.

use stylus_devnet::*;

use super::tester::*;

#[test]
fn calls_return_data_and_transfer_value() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    net.set_balance(ME, U256::from(1_000u64));
    let outer = Cmd::new()
        .call(b, 0, 40, &Cmd::new().op(0x0f).op(0x10).done())
        .done();
    let r = net.send(ME, a, &outer, U256::from(100u64));
    assert_eq!(r.status, Status::Success, "{r:?}");
    let mut expected = vec![0u8];
    expected.extend(a.as_slice()); // B sees A as sender
    expected.extend(word(40));
    assert_eq!(r.output, expected);
    assert_eq!(net.balance(ME), U256::from(900u64));
    assert_eq!(net.balance(a), U256::from(60u64));
    assert_eq!(net.balance(b), U256::from(40u64));
}

#[test]
fn delegate_call_runs_in_callers_context() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    let inner = Cmd::new()
        .store(key(1), word(4))
        .flush()
        .op(0x0f)
        .op(0x06)
        .done();
    let r = net.send(ME, a, &Cmd::new().call(b, 1, 0, &inner).done(), U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let mut expected = vec![0u8];
    expected.extend(ME.as_slice()); // msg.sender propagates
    expected.push(0); // delegate frames do not count as reentrancy
    assert_eq!(r.output, expected);
    assert_eq!(net.storage_at(a, slot(key(1))), B256::from(word(4)));
    assert_eq!(net.storage_at(b, slot(key(1))), B256::ZERO);
}

#[test]
fn static_call_rejects_writes() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .call(b, 2, 0, &Cmd::new().store(key(1), word(1)).flush().done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [2u8]);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .call(b, 2, 0, &Cmd::new().log(0, b"x").done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [2u8]);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .call(b, 2, 0, &Cmd::new().load(key(1)).done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [[0u8].as_slice(), &word(0)].concat());
}

#[test]
fn reentrancy_flag() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .op(0x06)
            .call(a, 0, 0, &Cmd::new().op(0x06).done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, vec![0, 0, 1]);
    // A -> B -> A
    let back = Cmd::new()
        .call(a, 0, 0, &Cmd::new().op(0x06).done())
        .op(0x06)
        .done();
    let r = net.send(ME, a, &Cmd::new().call(b, 0, 0, &back).done(), U256::ZERO);
    assert_eq!(r.output, vec![0, 0, 1, 0]);
}

#[test]
fn ecrecover_precompile() {
    let (mut net, a) = setup();
    let ecrecover = Address::with_last_byte(1);
    // go-ethereum's ecrecover "ValidKey" vector
    let input = alloy_primitives::hex::decode(
        "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c\
         000000000000000000000000000000000000000000000000000000000000001c\
         73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f\
         eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549",
    )
    .unwrap();
    let r = net.call(ME, a, &Cmd::new().call(ecrecover, 2, 0, &input).done());
    let mut expected = vec![0u8];
    expected.extend([0u8; 12]);
    expected
        .extend(alloy_primitives::hex::decode("a94f5374fce5edbc8e2a8697c15331677e6ebf0b").unwrap());
    assert_eq!(r.output, expected, "{r:?}");
    // a signature made here, recovered through the precompile
    use k256::ecdsa::SigningKey;
    let signer = SigningKey::from_slice(&[7u8; 32]).unwrap();
    let hash = alloy_primitives::keccak256(b"message");
    let (sig, recid) = signer.sign_prehash_recoverable(hash.as_slice()).unwrap();
    let mut input = hash.to_vec();
    input.extend(word(27 + recid.to_byte()));
    input.extend(sig.to_bytes());
    let address = Address::from_public_key(signer.verifying_key());
    let r = net.call(ME, a, &Cmd::new().call(ecrecover, 2, 0, &input).done());
    assert_eq!(&r.output[13..], address.as_slice());
    // invalid v: success with empty output
    input[63] = 29;
    let r = net.call(ME, a, &Cmd::new().call(ecrecover, 2, 0, &input).done());
    assert_eq!(r.output, vec![0u8]);
}

#[test]
fn eth_call_discards_state() {
    let (mut net, a) = setup();
    let r = net.call(
        ME,
        a,
        &Cmd::new()
            .store(key(1), word(1))
            .flush()
            .load(key(1))
            .done(),
    );
    assert_eq!(r.output, word(1));
    assert_eq!(net.storage_at(a, slot(key(1))), B256::ZERO);
    assert_eq!(net.nonce(ME), 1); // only the deployment
}
