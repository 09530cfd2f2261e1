//! Storage, its gas, logs, transient storage, and what a revert discards.

use stylus_devnet::*;

use super::tester::*;

#[test]
fn storage_round_trip() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new().store(key(1), word(7)).flush().done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(net.storage_at(a, slot(key(1))), B256::from(word(7)));
    let r = net.send(
        ME,
        a,
        &Cmd::new().load(key(1)).load(key(2)).done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [word(7), word(0)].concat());
    // a cached write is visible to later loads in the same invocation
    let r = net.call(
        ME,
        a,
        &Cmd::new().store(key(3), word(9)).load(key(3)).done(),
    );
    assert_eq!(r.output, word(9));
    // unflushed writes are lost at exit (the host does not flush)
    assert_eq!(net.storage_at(a, slot(key(3))), B256::ZERO);
}

/// Two transactions that take the same ink path differ only by EVM storage gas.
fn gas(net: &mut Devnet, a: Address, cmd: Vec<u8>) -> u64 {
    let r = net.send(ME, a, &cmd, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    r.gas_used + r.gas_refunded
}

#[test]
fn sstore_gas_follows_eip_2200_2929_3529() {
    let (mut net, a) = setup();
    let set = gas(
        &mut net,
        a,
        Cmd::new().store(key(1), word(5)).flush().done(),
    ); // 0 -> 5: 22,100
    let reset = gas(
        &mut net,
        a,
        Cmd::new().store(key(1), word(6)).flush().done(),
    ); // 5 -> 6: 5,000
    assert_eq!(set - reset, 22_100 - 5_000);
    let noop = gas(
        &mut net,
        a,
        Cmd::new().store(key(1), word(6)).flush().done(),
    ); // 6 -> 6: 2,200
    assert_eq!(set - noop, 22_100 - 2_200);
    // 6 -> 0: 5,000 with a 4,800 refund
    let r = net.send(
        ME,
        a,
        &Cmd::new().store(key(1), word(0)).flush().done(),
        U256::ZERO,
    );
    assert_eq!(r.gas_refunded, 4_800);
    // same path as `reset`; the zero value byte makes calldata 12 gas cheaper (4 vs 16)
    assert_eq!(r.gas_used + r.gas_refunded, reset - 12);
    // dirty slot within one tx: 0 -> 1 (22,100) then 1 -> 0 (100, refund 19,900 capped at 1/5)
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .store(key(2), word(1))
            .flush()
            .store(key(2), word(0))
            .flush()
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success);
    let total = r.gas_used + r.gas_refunded;
    assert_eq!(r.gas_refunded, total / 5);
    assert_eq!(net.storage_at(a, slot(key(2))), B256::ZERO);
}

#[test]
fn sload_gas_cold_warm_and_cached() {
    let (mut net, a) = setup();
    // second load after clearing the cache: warm (100 + 5) vs cold other slot (2,100 + 5)
    let warm = gas(
        &mut net,
        a,
        Cmd::new().load(key(1)).flush_clear().load(key(1)).done(),
    );
    let cold = gas(
        &mut net,
        a,
        Cmd::new().load(key(1)).flush_clear().load(key(2)).done(),
    );
    assert_eq!(cold - warm, 2_000);
    // without clearing, the second load hits the cache: no access cost at all
    let cached = gas(
        &mut net,
        a,
        Cmd::new().load(key(1)).flush().load(key(1)).done(),
    );
    assert_eq!(warm - cached, 105);
}

#[test]
fn logs_are_emitted_and_priced() {
    let (mut net, a) = setup();
    let mut data = key(9).to_vec();
    data.extend(b"payload");
    let r = net.send(ME, a, &Cmd::new().log(1, &data).done(), U256::ZERO);
    assert_eq!(r.status, Status::Success);
    assert_eq!(
        r.logs,
        vec![Log {
            address: a,
            topics: vec![B256::from(key(9))],
            data: b"payload".to_vec()
        }]
    );
    // same bytes as 2 topics: +375 for the topic, -8*32 for the data
    let mut two = [key(9), key(8)].concat();
    two.extend(b"payload");
    let one = two.clone(); // identical bytes, one topic fewer
    let g1 = gas(&mut net, a, Cmd::new().log(1, &one).done());
    let g2 = gas(&mut net, a, Cmd::new().log(2, &two).done());
    assert_eq!(g2 as i64 - g1 as i64, 375 - 256);
    // more than 4 topics is a Failure (revert without data, gas refunded)
    let r = net.send(ME, a, &Cmd::new().log(5, &[0u8; 160]).done(), U256::ZERO);
    assert_eq!(r.status, Status::Failure);
    assert!(r.output.is_empty() && r.logs.is_empty());
    assert!(r.gas_used < net.gas_limit() / 2);
}

#[test]
fn revert_discards_storage_and_logs() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .store(key(1), word(1))
            .flush()
            .log(0, b"x")
            .op(0x0c)
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Revert);
    assert!(r.logs.is_empty());
    assert_eq!(net.storage_at(a, slot(key(1))), B256::ZERO);
}

#[test]
fn nested_revert_is_atomic() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    // B writes and reverts; A continues and writes: only A's write survives
    let inner = Cmd::new()
        .store(key(1), word(1))
        .flush()
        .log(0, b"inner")
        .op(0x0c)
        .done();
    let outer = Cmd::new()
        .call(b, 0, 0, &inner)
        .store(key(2), word(2))
        .flush()
        .done();
    let r = net.send(ME, a, &outer, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.output, [2u8]); // failure status, empty revert data
    assert!(r.logs.is_empty());
    assert_eq!(net.storage_at(b, slot(key(1))), B256::ZERO);
    assert_eq!(net.storage_at(a, slot(key(2))), B256::from(word(2)));
    // B succeeds, then A reverts: nothing survives
    let inner = Cmd::new().store(key(3), word(3)).flush().done();
    let outer = Cmd::new().call(b, 0, 0, &inner).op(0x0c).done();
    let r = net.send(ME, a, &outer, U256::ZERO);
    assert_eq!(r.status, Status::Revert);
    assert_eq!(r.output, [0u8]);
    assert_eq!(net.storage_at(b, slot(key(3))), B256::ZERO);
}

#[test]
fn transient_storage_lives_for_one_transaction() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .op(0x0d)
            .bytes(&key(1))
            .bytes(&word(5))
            .op(0x0e)
            .bytes(&key(1))
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, word(5));
    let r = net.send(
        ME,
        a,
        &Cmd::new().op(0x0e).bytes(&key(1)).done(),
        U256::ZERO,
    );
    assert_eq!(r.output, word(0));
}
