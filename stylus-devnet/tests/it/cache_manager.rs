//! Caching programs as cargo-stylus does: bids to the genesis CacheManager
//! (`contracts/genesis/CacheManager.sol`, put at `arbos::CACHE_MANAGER`), which caches and
//! evicts through ArbWasmCache (0x72); the precompile's access rule, errors, event and gas;
//! the cache changes journaled with frames and transactions.

use alloy_primitives::aliases::U192;
use alloy_sol_types::{sol, SolCall, SolError, SolEvent};
use stylus_devnet::arbos::{self, ArbWasm, ArbWasmCache, CACHE_MANAGER};
use stylus_devnet::*;

use crate::evm::{aggregate, genesis};
use crate::program_cache::ME;

sol! {
    #![sol(all_derives)]
    /// What cargo-stylus 0.10 declares of the cache manager, and the queue's view.
    interface CacheManager {
        struct Entry { bytes32 code; uint64 size; uint192 bid; }

        function cacheSize() external view returns (uint64);
        function queueSize() external view returns (uint64);
        function isPaused() external view returns (bool);
        function placeBid(address program) external payable;
        function getMinBid(address program) external view returns (uint192 min);
        function getMinBid(uint64 size) public view returns (uint192 min);
        function getEntries() external view returns (Entry[] memory);

        error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize);
        error AlreadyCached(bytes32 codehash);
        error BidTooSmall(uint192 bid, uint192 min);
        error BidsArePaused();
        error ProgramNotActivated();

        event InsertBid(bytes32 indexed codehash, address program, uint192 bid, uint64 size);
        event DeleteBid(bytes32 indexed codehash, uint192 bid, uint64 size);
    }
}

/// Returns its calldata; `tag` (a data segment) makes each program's codehash its own.
fn echo(tag: u8) -> Vec<u8> {
    let wat = format!(
        r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 8000) "\{tag:02x}")
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 0))
    (call $write_result (i32.const 0) (local.get $len))
    (i32.const 0)))"#
    );
    wat::parse_str(wat).expect("valid wat")
}

/// A chain with the CacheManager at its address and `ME` funded.
fn chain() -> Devnet {
    let mut net = Devnet::new();
    let (_, runtime) = genesis("CacheManager");
    net.set_code(CACHE_MANAGER, &runtime);
    net.set_nonce(CACHE_MANAGER, 1);
    net.set_balance(ME, U256::from(10u64.pow(18)));
    net
}

/// Deploys and activates the echo program `tag`.
fn program(net: &mut Devnet, tag: u8) -> Address {
    net.deploy_without_constructor(ME, &echo(tag))
        .expect("activates")
        .contract_address
        .expect("deployed")
}

fn codehash(net: &Devnet, program: Address) -> B256 {
    alloy_primitives::keccak256(net.code(program))
}

fn bid(net: &mut Devnet, program: Address, value: u64) -> Receipt {
    let data = CacheManager::placeBidCall { program }.abi_encode();
    net.send(ME, CACHE_MANAGER, &data, U256::from(value))
}

/// `eth_call` of `call` to the CacheManager, decoded.
fn view<C: SolCall>(net: &mut Devnet, call: C) -> C::Return {
    let r = net.call(ME, CACHE_MANAGER, &call.abi_encode());
    assert_eq!(r.status, Status::Success, "{r:?}");
    C::abi_decode_returns(&r.output).expect("decodes")
}

fn is_cached(net: &mut Devnet, codehash: B256) -> bool {
    let data = ArbWasmCache::codehashIsCachedCall { codehash }.abi_encode();
    let r = net.call(ME, arbos::ARB_WASM_CACHE, &data);
    ArbWasmCache::codehashIsCachedCall::abi_decode_returns(&r.output).expect("decodes")
}

fn min_bid(net: &mut Devnet, size: u64) -> U192 {
    view(net, CacheManager::getMinBid_1Call { size })
}

/// The gas of a call of `program` (returning its calldata).
fn run_gas(net: &mut Devnet, program: Address) -> u64 {
    let r = net.send(ME, program, &[1, 2, 3], U256::ZERO);
    assert_eq!((r.status, r.output), (Status::Success, vec![1, 2, 3]));
    r.gas_used
}

/// What the echo programs take in the cache: ArbWasm's `codehashAsmSize`, Nitro's estimate
/// of the native code rounded up to KiB (over 512,000 bytes for any program).
fn asm_size(net: &Devnet) -> u64 {
    let estimate = net.activate(&echo(0)).expect("activates").asm_estimate;
    u64::from(estimate.div_ceil(1024) * 1024)
}

fn u192(n: u64) -> U192 {
    U192::from(n)
}

#[test]
fn a_bid_caches_an_activated_program_and_its_calls_cost_less() {
    let mut net = chain();
    let a = program(&mut net, 1);
    let hash = codehash(&net, a);
    let uncached = run_gas(&mut net, a);
    // What `cargo stylus cache status` reads.
    assert_eq!(
        view(&mut net, CacheManager::cacheSizeCall {}),
        64 * 1024 * 1024
    );
    assert_eq!(view(&mut net, CacheManager::queueSizeCall {}), 0);
    assert!(!view(&mut net, CacheManager::isPausedCall {}));
    assert_eq!(min_bid(&mut net, 8_000), U192::ZERO);
    assert_eq!(
        view(&mut net, CacheManager::getMinBid_0Call { program: a }),
        U192::ZERO
    );
    assert!(!is_cached(&mut net, hash));

    net.set_tracing(true);
    let r = bid(&mut net, a, 1_000);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let trace = net.take_trace().and_then(|t| t.call).expect("traced");
    net.set_tracing(false);

    // ArbWasmCache's event, then the manager's.
    let update = ArbWasmCache::UpdateProgramCache {
        manager: CACHE_MANAGER,
        codehash: hash,
        cached: true,
    };
    let size = asm_size(&net);
    assert!(size > 512_000, "{size}");
    let insert = CacheManager::InsertBid {
        codehash: hash,
        program: a,
        bid: u192(1_000),
        size,
    };
    let logs: Vec<_> = r
        .logs
        .iter()
        .map(|l| (l.address, l.topics.clone(), l.data.clone()))
        .collect();
    let expected = [
        (arbos::ARB_WASM_CACHE, update.encode_log_data()),
        (CACHE_MANAGER, insert.encode_log_data()),
    ]
    .map(|(address, log)| (address, log.topics().to_vec(), log.data.to_vec()));
    assert_eq!(logs, expected);

    // `cacheProgram` costs, by Nitro's rule: 3 (one word of arguments), 800 to open the
    // state, 2,600 for the codehash, 800 for the manager check, 800 each for the Stylus
    // parameters, the program's entry and its module hash, 1,756 for the event (3 topics,
    // 32 bytes), the program's init cost, and 20,000 to write the entry back.
    let cache_call = trace
        .calls
        .iter()
        .find(|c| c.to == arbos::ARB_WASM_CACHE && c.kind == "CALL")
        .expect("the manager calls cacheProgram");
    assert_eq!(
        cache_call.input,
        ArbWasmCache::cacheProgramCall { addr: a }.abi_encode()
    );
    let init_cost = net.activate(&echo(1)).expect("activates").init_cost;
    assert_eq!(
        cache_call.gas_used,
        3 + 2_600 + 5 * 800 + 1_756 + u64::from(init_cost) + 20_000
    );

    assert!(is_cached(&mut net, hash));
    assert!(net.is_program_cached(a));
    assert_eq!(view(&mut net, CacheManager::queueSizeCall {}), size);
    assert_eq!(
        view(&mut net, CacheManager::getEntriesCall {}),
        vec![CacheManager::Entry {
            code: hash,
            size,
            bid: u192(1_000)
        }]
    );
    // The value stays with the manager.
    assert_eq!(net.balance(CACHE_MANAGER), U256::from(1_000));
    // The next call pays the cached entry cost: its init gas less.
    let p = net.params();
    let init_gas = net
        .activate(&echo(1))
        .expect("activates")
        .init_gas(p.min_init_gas, p.init_cost_scalar);
    assert_eq!(uncached - run_gas(&mut net, a), init_gas);

    // A second bid: already cached, and nothing changes.
    let again = bid(&mut net, a, 5_000);
    assert_eq!(again.status, Status::Revert);
    assert_eq!(
        again.output,
        CacheManager::AlreadyCached { codehash: hash }.abi_encode()
    );
    assert_eq!(view(&mut net, CacheManager::queueSizeCall {}), size);
}

#[test]
fn an_unactivated_program_is_refused_with_arbwasm_s_error() {
    let mut net = chain();
    // Stylus code placed as it is, never activated.
    let code = net.activate(&echo(2)).expect("activates").code;
    let unactivated = Address::repeat_byte(0x51);
    net.set_code(unactivated, &code);
    let r = bid(&mut net, unactivated, 0);
    assert_eq!(r.status, Status::Revert);
    assert_eq!(r.output, CacheManager::ProgramNotActivated {}.abi_encode());
    assert_eq!(r.output, ArbWasm::ProgramNotActivated {}.abi_encode());
    let suggest = CacheManager::getMinBid_0Call {
        program: unactivated,
    }
    .abi_encode();
    let r = net.call(ME, CACHE_MANAGER, &suggest);
    assert_eq!(
        (r.status, r.output),
        (
            Status::Revert,
            CacheManager::ProgramNotActivated {}.abi_encode()
        )
    );
    let hash = codehash(&net, unactivated);
    assert!(!is_cached(&mut net, hash));
}

#[test]
fn arbwasmcache_serves_its_manager_only_and_follows_nitro() {
    let mut net = chain();
    let a = program(&mut net, 3);
    let hash = codehash(&net, a);
    let cache = ArbWasmCache::cacheProgramCall { addr: a }.abi_encode();
    let evict = ArbWasmCache::evictCodehashCall { codehash: hash }.abi_encode();

    // Anyone else burns all the gas given, whatever the method.
    net.set_gas_limit(500_000);
    let deprecated = ArbWasmCache::cacheCodehashCall { codehash: hash }.abi_encode();
    for data in [&cache, &evict, &deprecated] {
        let r = net.send(ME, arbos::ARB_WASM_CACHE, data, U256::ZERO);
        assert_eq!((r.status, r.gas_used), (Status::Revert, 500_000));
    }
    assert!(!is_cached(&mut net, hash));
    let managers = [ME, CACHE_MANAGER].map(|manager| {
        let data = ArbWasmCache::isCacheManagerCall { manager }.abi_encode();
        let r = net.call(ME, arbos::ARB_WASM_CACHE, &data);
        ArbWasmCache::isCacheManagerCall::abi_decode_returns(&r.output).unwrap()
    });
    assert_eq!(managers, [false, true]);

    // The manager itself (a transaction from its address, as the devnet allows).
    let intrinsic = |data: &[u8]| pricing::intrinsic_gas(data, false);
    // `cacheCodehash` is gone since ArbOS 31: an unknown method.
    let r = net.send(
        CACHE_MANAGER,
        arbos::ARB_WASM_CACHE,
        &deprecated,
        U256::ZERO,
    );
    assert_eq!((r.status, r.gas_used), (Status::Revert, 500_000));
    // Evicting what is not cached changes nothing: the state, the manager check, the
    // parameters and the program's entry are read.
    let r = net.send(CACHE_MANAGER, arbos::ARB_WASM_CACHE, &evict, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert!(r.logs.is_empty());
    assert_eq!(r.gas_used, intrinsic(&evict) + 3 + 4 * 800);
    // Code never activated is version 0: `ProgramNeedsUpgrade(0, 2)` (Nitro's
    // `SetProgramCached`), 3 words of revert data.
    let code = net.activate(&echo(4)).expect("activates").code;
    let unactivated = Address::repeat_byte(0x52);
    net.set_code(unactivated, &code);
    let data = ArbWasmCache::cacheProgramCall { addr: unactivated }.abi_encode();
    let r = net.send(CACHE_MANAGER, arbos::ARB_WASM_CACHE, &data, U256::ZERO);
    assert_eq!(r.status, Status::Revert);
    let upgrade = ArbWasm::ProgramNeedsUpgrade {
        version: 0,
        stylusVersion: net.params().stylus_version,
    };
    assert_eq!(r.output, upgrade.abi_encode());
    assert_eq!(r.gas_used, intrinsic(&data) + 3 + 2_600 + 4 * 800 + 9);

    let r = net.send(CACHE_MANAGER, arbos::ARB_WASM_CACHE, &cache, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.logs.len(), 1);
    assert!(is_cached(&mut net, hash));
    // Already cached: nothing happens, no event, no init cost.
    let r = net.send(CACHE_MANAGER, arbos::ARB_WASM_CACHE, &cache, U256::ZERO);
    assert_eq!(r.status, Status::Success);
    assert!(r.logs.is_empty());
    assert_eq!(r.gas_used, intrinsic(&cache) + 3 + 2_600 + 4 * 800);
    // Eviction: the event with `cached` false.
    let r = net.send(CACHE_MANAGER, arbos::ARB_WASM_CACHE, &evict, U256::ZERO);
    assert_eq!(r.status, Status::Success);
    let update = ArbWasmCache::UpdateProgramCache {
        manager: CACHE_MANAGER,
        codehash: hash,
        cached: false,
    }
    .encode_log_data();
    assert_eq!(r.logs[0].topics, update.topics().to_vec());
    assert_eq!(r.logs[0].data, update.data.to_vec());
    assert!(!is_cached(&mut net, hash) && !net.is_program_cached(a));
    // An `eth_call` is not static: the manager's call succeeds there, and keeps nothing.
    let r = net.call(CACHE_MANAGER, arbos::ARB_WASM_CACHE, &cache);
    assert_eq!(r.status, Status::Success);
    assert!(!is_cached(&mut net, hash));
}

#[test]
fn a_shrunk_cache_evicts_the_lowest_bids_and_refuses_smaller_ones() {
    let mut net = chain();
    let [a, b, c] = [5, 6, 7].map(|tag| program(&mut net, tag));
    let [ha, hb, hc] = [a, b, c].map(|p| codehash(&net, p));
    let size = asm_size(&net);
    assert_eq!(bid(&mut net, a, 10).status, Status::Success);
    assert_eq!(bid(&mut net, b, 20).status, Status::Success);
    assert_eq!(view(&mut net, CacheManager::queueSizeCall {}), 2 * size);
    let set_cache_size = |net: &mut Devnet, bytes: u64| {
        net.set_storage(CACHE_MANAGER, U256::ZERO, B256::from(U256::from(bytes)));
    };

    // Room for two programs (storage slot 0 is the cache size): a third must outbid the
    // lowest, whose eviction the refused bid takes back.
    set_cache_size(&mut net, 2 * size);
    assert_eq!(view(&mut net, CacheManager::cacheSizeCall {}), 2 * size);
    assert_eq!(min_bid(&mut net, size), u192(10));
    assert_eq!(min_bid(&mut net, 8_000), u192(10));
    assert_eq!(
        view(&mut net, CacheManager::getMinBid_0Call { program: c }),
        u192(10)
    );
    let low = bid(&mut net, c, 9);
    assert_eq!(low.status, Status::Revert);
    assert_eq!(
        low.output,
        CacheManager::BidTooSmall {
            bid: u192(9),
            min: u192(10)
        }
        .abi_encode()
    );
    assert!(is_cached(&mut net, ha) && !is_cached(&mut net, hc));

    let r = bid(&mut net, c, 10);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let evicted = ArbWasmCache::UpdateProgramCache {
        manager: CACHE_MANAGER,
        codehash: ha,
        cached: false,
    }
    .encode_log_data();
    let deleted = CacheManager::DeleteBid {
        codehash: ha,
        bid: u192(10),
        size,
    }
    .encode_log_data();
    let logs: Vec<_> = r
        .logs
        .iter()
        .map(|l| (l.topics.clone(), l.data.clone()))
        .collect();
    assert_eq!(
        logs[..2],
        [evicted, deleted].map(|l| (l.topics().to_vec(), l.data.to_vec()))
    );
    assert_eq!(
        [ha, hb, hc].map(|h| is_cached(&mut net, h)),
        [false, true, true]
    );
    assert!(!net.is_program_cached(a));
    assert_eq!(view(&mut net, CacheManager::queueSizeCall {}), 2 * size);

    // Room for one: a program must outbid both, the lowest first (c's 10, then b's 20).
    set_cache_size(&mut net, size);
    assert_eq!(min_bid(&mut net, 1), u192(20));
    // Smaller than any program, and paused (storage slot 1).
    set_cache_size(&mut net, size - 1);
    let too_large = CacheManager::AsmTooLarge {
        asm: U256::from(size),
        queueSize: U256::from(2 * size),
        cacheSize: U256::from(size - 1),
    }
    .abi_encode();
    assert_eq!(bid(&mut net, a, 100).output, too_large);
    let suggest = CacheManager::getMinBid_0Call { program: a }.abi_encode();
    assert_eq!(net.call(ME, CACHE_MANAGER, &suggest).output, too_large);
    net.set_storage(CACHE_MANAGER, U256::from(1), B256::from(U256::from(1)));
    assert!(view(&mut net, CacheManager::isPausedCall {}));
    assert_eq!(
        bid(&mut net, a, 100).output,
        CacheManager::BidsArePaused {}.abi_encode()
    );
}

#[test]
fn a_reverted_transaction_leaves_the_cache_as_it_was_and_a_cached_program_costs_less_at_once() {
    let mut net = chain();
    let a = program(&mut net, 8);
    let hash = codehash(&net, a);
    let (init, _) = genesis("Multicall3");
    let multicall = net.create(ME, &init, U256::ZERO).contract_address.unwrap();
    let place = CacheManager::placeBidCall { program: a }.abi_encode();

    // The bid, then a call that fails: the whole transaction reverts, the cache with it.
    let r = aggregate(
        &mut net,
        multicall,
        &[(CACHE_MANAGER, &place[..]), (CACHE_MANAGER, &[0xde, 0xad])],
    );
    assert_eq!(r.status, Status::Revert);
    assert!(!is_cached(&mut net, hash) && !net.is_program_cached(a));
    assert_eq!(view(&mut net, CacheManager::queueSizeCall {}), 0);

    // The program's frame in a batch, uncached, then after a bid in the same transaction.
    let frame_gas = |net: &mut Devnet, calls: &[(Address, &[u8])]| {
        net.set_tracing(true);
        let r = aggregate(net, multicall, calls);
        assert_eq!(r.status, Status::Success, "{r:?}");
        let trace = net.take_trace().and_then(|t| t.call).unwrap();
        net.set_tracing(false);
        trace.calls.iter().find(|c| c.to == a).unwrap().gas_used
    };
    let echo_call: &[u8] = &[7];
    let before = frame_gas(&mut net, &[(a, echo_call)]);
    let after = frame_gas(&mut net, &[(CACHE_MANAGER, &place[..]), (a, echo_call)]);
    let p = net.params();
    let init_gas = net
        .activate(&echo(8))
        .unwrap()
        .init_gas(p.min_init_gas, p.init_cost_scalar);
    assert_eq!(before - after, init_gas);
    assert!(is_cached(&mut net, hash));
}

/// A write in a static context fails as any precompile's does: a manager whose `cacheProgram`
/// reaches ArbWasmCache through `STATICCALL` caches nothing, while the same call through
/// `CALL` caches the program.
#[test]
fn a_manager_cannot_cache_from_a_static_call() {
    let mut net = chain();
    let target = program(&mut net, 9);
    let hash = codehash(&net, target);
    // The manager's code forwards its calldata to 0x72 and returns the call's success flag:
    // CALLDATASIZE 0 0 CALLDATACOPY, then (STATICCALL | CALL) with everything, 0 MSTORE, RETURN 32.
    let forwarder = |static_call: bool| {
        let mut code = vec![0x36, 0x60, 0x00, 0x60, 0x00, 0x37];
        code.extend([0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00]);
        if !static_call {
            code.extend([0x60, 0x00]); // value
        }
        code.extend([0x60, 0x72, 0x5a, if static_call { 0xfa } else { 0xf1 }]);
        code.extend([0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]);
        code
    };
    let cache = ArbWasmCache::cacheProgramCall { addr: target }.abi_encode();
    for (static_call, cached) in [(true, false), (false, true)] {
        net.set_code(CACHE_MANAGER, &forwarder(static_call));
        let r = net.send(ME, CACHE_MANAGER, &cache, U256::ZERO);
        assert_eq!(r.status, Status::Success, "{r:?}");
        assert_eq!(r.output, B256::with_last_byte(u8::from(cached)).to_vec());
        assert_eq!(
            is_cached(&mut net, hash),
            cached,
            "static call: {static_call}"
        );
    }
}
