//! Calldata fuzzing of every selector of the interface, on the populated fixture: random
//! and truncated calldata, oversized strings and arrays, dynamic offsets and lengths
//! pointing anywhere, words at the integer edges (u8/u16/u32/u64 max and max + 1, uint96 max
//! and max + 1 for amounts, address words with high bits), non-UTF-8 strings, random
//! selectors, short calldata and value.
//!
//! Every call must end in success or a revert whose data is exactly one custom error of the
//! interface — never a trap, out of gas or out of stack. Beyond that, a reference model of
//! the strict ABI decoder (the rules of `src/abi.rs`: narrow integers and addresses without
//! high bits, offsets and lengths inside the calldata, UTF-8 strings) predicts whether the
//! arguments decode: if not, the error must be exactly `RegistryMalformedCalldata(selector)`;
//! if they do, it must not be. Successful calls must return the canonical encoding of the
//! function's return values. Every tenth call is sent as a transaction on a fork, and a
//! revert must leave storage untouched.
//!
//! `ADVERSARIAL_FUZZ` sets the inputs per selector; `ADVERSARIAL_SEED` reproduces a run.

use alloy_primitives::{hex, Address, U256};
use alloy_sol_types::SolCall;
use lst_registry_adversarial::cast::cast;
use lst_registry_adversarial::chain::{classify, show_error, Harness, Outcome};
use lst_registry_adversarial::config::{self, Rng};
use lst_registry_adversarial::fixture::populated;
use lst_registry_adversarial::{RegistryError, I, MAX_AMOUNT};
use stylus_devnet::Status;

mod decoder;
mod generation;

use decoder::*;
use generation::*;

/// Inputs per selector (default).
const PER_SELECTOR: u32 = 100;

/// An ABI parameter type of the interface.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Uint(u32),
    Address,
    B32,
    Bytes,
    Str,
    Addresses,
}

impl Kind {
    fn parse(t: &str) -> Kind {
        match t {
            "address" => Kind::Address,
            "bytes32" => Kind::B32,
            "bytes" => Kind::Bytes,
            "string" => Kind::Str,
            "address[]" => Kind::Addresses,
            t if t.starts_with("uint") => Kind::Uint(t[4..].parse().expect("uint width")),
            t => panic!("type {t} not covered by the fuzzer"),
        }
    }
    fn dynamic(self) -> bool {
        matches!(self, Kind::Bytes | Kind::Str | Kind::Addresses)
    }
}

/// A function of the interface: signature, selector, parameters, a strict return check.
struct Function {
    signature: &'static str,
    selector: [u8; 4],
    params: Vec<Kind>,
    returns_ok: fn(&[u8]) -> bool,
}

fn returns_ok<C: SolCall>(data: &[u8]) -> bool {
    C::abi_decode_returns(data)
        .map(|v| C::abi_encode_returns(&v) == data)
        .unwrap_or(false)
}

macro_rules! functions {
    ($($call:ident),* $(,)?) => {
        vec![$({
            let signature = <I::$call as SolCall>::SIGNATURE;
            let inner = &signature[signature.find('(').expect("(") + 1..signature.len() - 1];
            Function {
                signature,
                selector: <I::$call as SolCall>::SELECTOR,
                params: if inner.is_empty() { vec![] } else { inner.split(',').map(Kind::parse).collect() },
                returns_ok: returns_ok::<I::$call>,
            }
        }),*]
    };
}

fn interface() -> Vec<Function> {
    let all = functions![
        adminCall,
        pendingAdminCall,
        guardianCall,
        pausedCall,
        viewsProgramCall,
        adminProgramCall,
        transferAdminCall,
        acceptAdminCall,
        setGuardianCall,
        pauseCall,
        unpauseCall,
        setOracleSetCall,
        setOracleSetDelayCall,
        oracleSetCall,
        domainSeparatorCall,
        tallyDigestCall,
        attestTallyCall,
        rulesCall,
        setVoteRulesCall,
        setSnapshotSpaceCall,
        setStakeCapBoundsCall,
        phaseCall,
        phaseNodeLimitsCall,
        setPhaseNodeLimitCall,
        advancePhaseCall,
        openRoundCall,
        closeRoundCall,
        submitApplicationCall,
        withdrawApplicationCall,
        finaliseRoundCall,
        revokeApplicationCall,
        roundCall,
        countsCall,
        roundApplicationsCall,
        applicationCall,
        applicationTallyCall,
        eligibilityCall,
        registerNodeCall,
        updateNodeCall,
        nodeCall,
        nodeOfSignerCall,
        nodesCall,
        pairCall,
        unpairCall,
        setStakeCapCall,
        reportStakeCall,
        pairingCall,
        activePairingsCall,
        remainingCapacityCall,
        pairingNonceCall,
    ];
    // the list must be the whole interface
    let mut ours: Vec<[u8; 4]> = all.iter().map(|f| f.selector).collect();
    let mut theirs: Vec<[u8; 4]> = I::ILstRegistryCalls::SELECTORS.to_vec();
    ours.sort();
    theirs.sort();
    assert_eq!(
        ours, theirs,
        "the fuzzer must cover every function of the interface"
    );
    all
}

/// What happened to one input, or why it is a failure.
fn check(
    h: &mut Harness,
    f: &Function,
    from: Address,
    calldata: &[u8],
    on_fork: bool,
    max_gas: &mut u64,
) -> Result<Outcome, String> {
    let receipt = if on_fork {
        let mut fork = h.clone();
        let before = fork.dump();
        let receipt = fork.send(from, calldata);
        if receipt.status == Status::Revert && fork.dump() != before {
            return Err("a reverted transaction changed storage".into());
        }
        receipt
    } else {
        h.net.call(from, h.registry, calldata)
    };
    *max_gas = (*max_gas).max(receipt.gas_used);
    let outcome = classify(&receipt).map_err(|e| e.to_string())?;
    let malformed: RegistryError = I::RegistryMalformedCalldata {
        selector: f.selector.into(),
    }
    .into();
    let expect_malformed = !decodes(&f.params, &calldata[4..]);
    match &outcome {
        Outcome::Reverted(e) if expect_malformed && *e != malformed => Err(format!(
            "arguments do not decode, expected RegistryMalformedCalldata, got {}",
            show_error(e)
        )),
        Outcome::Returned(_) if expect_malformed => {
            Err("arguments do not decode, but the call succeeded".into())
        }
        Outcome::Reverted(e) if !expect_malformed && *e == malformed => {
            Err("arguments decode, but the call reverted as malformed".into())
        }
        Outcome::Reverted(RegistryError::RegistryUnknownSelector(_)) => {
            Err("a known selector was unknown".into())
        }
        Outcome::Returned(data) if !(f.returns_ok)(data) => Err(format!(
            "return data is not the canonical encoding: 0x{}",
            hex::encode(data)
        )),
        _ => Ok(outcome),
    }
}

#[test]
fn fuzzed_calldata_never_traps_and_always_answers_with_an_interface_error() {
    let per = config::count("ADVERSARIAL_FUZZ", PER_SELECTOR) as usize;
    let seed = config::derive(&config::seed(), "calldata");
    let mut rng = Rng::new(&seed);
    let functions = interface();
    let edges = edges();
    let mut h = populated();
    let mut paused = h.clone();
    assert!(paused
        .send(cast().admin.address, &I::pauseCall {}.abi_encode())
        .is_success());
    let c = cast();
    let callers = [
        c.admin.address,
        c.admin.address,
        c.strangers[0].address,
        c.operators[0].address,
        c.staking[0].address,
    ];
    let (mut calls, mut malformed, mut succeeded, mut max_gas, mut largest) =
        (0u64, 0u64, 0u64, 0u64, 0usize);
    let mut failures = Vec::new();
    for f in &functions {
        for k in 0..per {
            let valid = encode(&f.params, &mut rng, &edges);
            let (args, how) = if k % 2 == 0 {
                (valid, "generated".to_string())
            } else {
                mutate(&f.params, valid, &mut rng, &edges)
            };
            let calldata = [f.selector.as_slice(), &args].concat();
            largest = largest.max(calldata.len());
            let from = *rng.pick(&callers);
            let target = if rng.one_in(8) { &mut paused } else { &mut h };
            calls += 1;
            match check(target, f, from, &calldata, k % 10 == 9, &mut max_gas) {
                Ok(Outcome::Returned(_)) => succeeded += 1,
                Ok(Outcome::Reverted(RegistryError::RegistryMalformedCalldata(_))) => {
                    malformed += 1
                }
                Ok(_) => {}
                Err(e) => failures.push(format!(
                    "{} ({how}) from {}: {e}\n    calldata 0x{}",
                    f.signature,
                    cast().name(from),
                    hex::encode(&calldata)
                )),
            }
        }
    }
    println!(
        "calldata fuzz: {} selectors × {per} inputs = {calls} calls ({succeeded} succeeded, {malformed} malformed, largest {largest} B, max gas {max_gas}), seed ADVERSARIAL_SEED={}",
        functions.len(),
        config::show_seed(&config::seed())
    );
    assert!(
        failures.is_empty(),
        "{} failing inputs:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn integer_and_address_edges_in_every_static_argument() {
    // every static argument of every function at every edge word, the others valid: the
    // edge is refused as malformed exactly when it does not fit the parameter's type
    let functions = interface();
    let edges = edges();
    let mut rng = Rng::new(&config::derive(&config::seed(), "edges"));
    let mut h = populated();
    let (mut calls, mut max_gas) = (0u64, 0u64);
    let mut failures = Vec::new();
    for f in &functions {
        for (i, kind) in f.params.iter().enumerate() {
            if kind.dynamic() {
                continue;
            }
            for edge in &edges {
                // a decodable base encoding (retry the generator until it decodes)
                let mut args = encode(&f.params, &mut rng, &[]);
                while !decodes(&f.params, &args) {
                    args = encode(&f.params, &mut rng, &[]);
                }
                args[i * 32..i * 32 + 32].copy_from_slice(edge);
                let calldata = [f.selector.as_slice(), &args].concat();
                calls += 1;
                if let Err(e) = check(
                    &mut h,
                    f,
                    cast().admin.address,
                    &calldata,
                    false,
                    &mut max_gas,
                ) {
                    failures.push(format!(
                        "{} argument {i} = 0x{}: {e}",
                        f.signature,
                        hex::encode(edge)
                    ));
                }
            }
        }
    }
    println!("integer edges: {calls} calls (max gas {max_gas})");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn short_calldata_unknown_selectors_and_value() {
    let mut h = populated();
    let c = cast();
    let mut rng = Rng::new(&config::derive(&config::seed(), "selectors"));
    let known = I::ILstRegistryCalls::SELECTORS;
    let mut calls = 0;
    // 0..=3 bytes: the selector read zero-padded
    for len in 0..4 {
        for _ in 0..8 {
            let data = rng.bytes(len);
            let mut selector = [0u8; 4];
            selector[..len].copy_from_slice(&data);
            let r = h.net.call(c.stranger_address(), h.registry, &data);
            calls += 1;
            let expected: RegistryError = I::RegistryUnknownSelector {
                selector: selector.into(),
            }
            .into();
            assert_eq!(
                classify(&r),
                Ok(Outcome::Reverted(expected)),
                "calldata 0x{}",
                hex::encode(&data)
            );
        }
    }
    // random selectors that are not the interface's (nor the constructor's)
    for _ in 0..200 {
        let selector: [u8; 4] = rng.bytes(4).try_into().expect("4");
        if known.contains(&selector) || selector == stylus_devnet::constructor_selector() {
            continue;
        }
        let n = rng.below(200);
        let data = [selector.as_slice(), &rng.bytes(n)].concat();
        let r = h.net.call(c.stranger_address(), h.registry, &data);
        calls += 1;
        let expected: RegistryError = I::RegistryUnknownSelector {
            selector: selector.into(),
        }
        .into();
        assert_eq!(
            classify(&r),
            Ok(Outcome::Reverted(expected)),
            "calldata 0x{}",
            hex::encode(&data)
        );
    }
    // value to every function, whatever the arguments: RegistryNotPayable(value)
    let from = c.strangers[0].address;
    h.net.set_balance(from, U256::MAX);
    for selector in known {
        for value in [
            U256::from(1),
            U256::from(10).pow(U256::from(18)),
            U256::MAX >> 1,
        ] {
            let n = rng.below(300);
            let data = [selector.as_slice(), &rng.bytes(n)].concat();
            let before = h.dump();
            let r = h.net.send(from, h.registry, &data, value);
            calls += 1;
            let expected: RegistryError = I::RegistryNotPayable { value }.into();
            assert_eq!(
                classify(&r),
                Ok(Outcome::Reverted(expected)),
                "{value} wei to 0x{}",
                hex::encode(selector)
            );
            assert!(h.dump() == before);
        }
    }
    println!("selectors and value: {calls} calls");
}

trait StrangerAddress {
    fn stranger_address(&self) -> Address;
}

impl StrangerAddress for lst_registry_adversarial::cast::Cast {
    fn stranger_address(&self) -> Address {
        self.strangers[0].address
    }
}
