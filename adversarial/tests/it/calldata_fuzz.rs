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

// ------------------------------------------------------------------ the reference decoder

fn word(args: &[u8], at: usize) -> Option<&[u8]> {
    args.get(at..at.checked_add(32)?)
}

/// A word as an integer of `bits` bits (at most 64), if its high bits are clear.
fn small(w: &[u8], bits: u32) -> Option<u64> {
    if w[..24].iter().any(|b| *b != 0) {
        return None;
    }
    let v = u64::from_be_bytes(w[24..].try_into().ok()?);
    if bits < 64 && v >> bits != 0 {
        return None;
    }
    Some(v)
}

/// Whether `args` (calldata after the selector) decode strictly as `params`.
fn decodes(params: &[Kind], args: &[u8]) -> bool {
    params.iter().enumerate().all(|(i, kind)| {
        let Some(head) = word(args, i * 32) else {
            return false;
        };
        match kind {
            Kind::Uint(256) | Kind::B32 => true,
            Kind::Uint(bits) => small(head, *bits).is_some(),
            Kind::Address => head[..12].iter().all(|b| *b == 0),
            Kind::Bytes | Kind::Str | Kind::Addresses => {
                let Some(offset) = small(head, 32) else {
                    return false;
                };
                let offset = offset as usize;
                let Some(len) = word(args, offset).and_then(|w| small(w, 32)) else {
                    return false;
                };
                let (len, start) = (len as usize, offset + 32);
                match kind {
                    Kind::Addresses => (0..len).all(|k| {
                        word(args, start + 32 * k)
                            .map(|w| w[..12].iter().all(|b| *b == 0))
                            .unwrap_or(false)
                    }),
                    Kind::Bytes => start
                        .checked_add(len)
                        .map(|end| end <= args.len())
                        .unwrap_or(false),
                    _ => args
                        .get(start..start + len)
                        .map(|s| std::str::from_utf8(s).is_ok())
                        .unwrap_or(false),
                }
            }
        }
    })
}

// ------------------------------------------------------------------ generation

fn u(v: u128) -> [u8; 32] {
    U256::from(v).to_be_bytes()
}

/// Words at the edges: every width's max and max + 1, uint96 max and max + 1, addresses with
/// high bits, all ones.
fn edges() -> Vec<[u8; 32]> {
    let mut out = vec![u(0), u(1), U256::MAX.to_be_bytes()];
    for bits in [8u32, 16, 32, 64, 96, 128, 160] {
        let max = (U256::from(1) << bits) - U256::from(1);
        out.push(max.to_be_bytes());
        out.push((max + U256::from(1)).to_be_bytes());
    }
    out.push(u(MAX_AMOUNT));
    let mut high = [0u8; 32];
    high[12..].copy_from_slice(cast().admin.address.as_slice());
    high[0] = 0x80;
    out.push(high);
    high[0] = 0;
    high[11] = 1;
    out.push(high);
    out.push((U256::from(1) << 255usize).to_be_bytes::<32>());
    out
}

fn address_word(rng: &mut Rng) -> [u8; 32] {
    let c = cast();
    let mut w = [0u8; 32];
    let a: Address = match rng.below(6) {
        0 => Address::ZERO,
        1 => Address::from_slice(&rng.bytes(20)),
        _ => *rng.pick(&c.addresses()),
    };
    w[12..].copy_from_slice(a.as_slice());
    w
}

fn static_word(kind: Kind, rng: &mut Rng, edges: &[[u8; 32]]) -> [u8; 32] {
    if !edges.is_empty() && rng.one_in(5) {
        return *rng.pick(edges);
    }
    match kind {
        Kind::Address => address_word(rng),
        Kind::B32 => {
            let mut w = [0u8; 32];
            if !rng.one_in(4) {
                w.copy_from_slice(&rng.bytes(32));
            }
            w
        }
        Kind::Uint(256) => *rng.pick(&[
            u(0),
            u(1),
            u(20_000 * 10u128.pow(18)),
            u(60_000 * 10u128.pow(18)),
            u(MAX_AMOUNT),
            u(MAX_AMOUNT + 1),
        ]),
        Kind::Uint(bits) => {
            let max = if bits >= 64 {
                u64::MAX as u128
            } else {
                (1u128 << bits) - 1
            };
            let v = match rng.below(5) {
                0 => rng.below(5) as u128,
                1 => max,
                2 => rng.next_u64() as u128 & max,
                3 => 1_700_000_000 + rng.below(1_000_000) as u128,
                _ => rng.below(200) as u128,
            };
            u(v.min(max))
        }
        _ => unreachable!(),
    }
}

/// A dynamic value's tail: length word, contents, padding.
fn tail(kind: Kind, rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    match kind {
        Kind::Addresses => {
            let n = *rng.pick(&[0usize, 1, 2, 3, 3, 16, 17, 64]);
            out.extend_from_slice(&u(n as u128));
            let mut items: Vec<[u8; 32]> = (0..n).map(|_| address_word(rng)).collect();
            if !rng.one_in(3) {
                items.sort();
            }
            if rng.one_in(8) && n > 0 {
                items[rng.below(n)][0] = 1;
            }
            for item in items {
                out.extend_from_slice(&item);
            }
        }
        _ => {
            let n = if kind == Kind::Bytes {
                *rng.pick(&[0usize, 1, 64, 65, 66, 130, 195, 260, 1040, 1105])
            } else {
                *rng.pick(&[0usize, 1, 5, 31, 32, 33, 64, 65, 255, 256, 257, 1000, 4000])
            };
            let content: Vec<u8> = match (kind, rng.below(6)) {
                (Kind::Bytes, _) | (_, 0) => rng.bytes(n),
                (_, 1) => "é".repeat(n / 2 + 1).into_bytes()[..n].to_vec(), // may cut a character
                (_, 2) => "⚡".repeat(n / 3 + 1).into_bytes()[..n].to_vec(),
                _ => (0..n).map(|k| b'a' + (k % 26) as u8).collect(),
            };
            out.extend_from_slice(&u(n as u128));
            out.extend_from_slice(&content);
            out.resize(32 + n.div_ceil(32) * 32, 0);
        }
    }
    out
}

/// A well-typed encoding of random arguments (its values may still be out of range).
fn encode(params: &[Kind], rng: &mut Rng, edges: &[[u8; 32]]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tails = Vec::new();
    let head_len = params.len() * 32;
    for kind in params {
        if kind.dynamic() {
            let offset = head_len + tails.len();
            head.extend_from_slice(&u(offset as u128));
            tails.extend_from_slice(&tail(*kind, rng));
        } else {
            head.extend_from_slice(&static_word(*kind, rng, edges));
        }
    }
    head.extend_from_slice(&tails);
    head
}

/// One mutation of an encoding.
fn mutate(
    params: &[Kind],
    mut args: Vec<u8>,
    rng: &mut Rng,
    edges: &[[u8; 32]],
) -> (Vec<u8>, String) {
    let heads = params.len();
    match rng.below(7) {
        0 if heads > 0 => {
            let i = rng.below(heads);
            let w = *rng.pick(edges);
            args[i * 32..i * 32 + 32].copy_from_slice(&w);
            (args, format!("head word {i} = 0x{}", hex::encode(w)))
        }
        1 if params.iter().any(|k| k.dynamic()) => {
            let i = loop {
                let i = rng.below(heads);
                if params[i].dynamic() {
                    break i;
                }
            };
            let len = args.len() as u128;
            let choices = [
                0,
                1,
                31,
                32,
                len,
                len.saturating_sub(32),
                len + 1,
                u32::MAX as u128,
                1 << 32,
                1 << 64,
                rng.below(len as usize + 1) as u128,
            ];
            let v = *rng.pick(&choices);
            args[i * 32..i * 32 + 32].copy_from_slice(&u(v));
            (args, format!("offset of argument {i} = {v}"))
        }
        2 if params.iter().any(|k| k.dynamic()) => {
            let i = params.iter().position(|k| k.dynamic()).expect("dynamic");
            let offset = U256::from_be_slice(&args[i * 32..i * 32 + 32]).to::<usize>();
            let v = *rng.pick(&[
                U256::ZERO,
                U256::from(1),
                U256::from(65),
                U256::from(1_000),
                U256::from(100_000),
                U256::from(u32::MAX),
                U256::from(1u64 << 32),
                U256::from(1) << 200usize,
            ]);
            if offset + 32 <= args.len() {
                args[offset..offset + 32].copy_from_slice(&v.to_be_bytes::<32>());
            }
            (args, format!("length of argument {i} = {v}"))
        }
        3 => {
            let n = rng.below(args.len() + 1);
            args.truncate(n);
            (args, format!("truncated to {n} bytes"))
        }
        4 => {
            let extra = rng.below(100);
            args.extend_from_slice(&rng.bytes(extra));
            (args, format!("{extra} junk bytes appended"))
        }
        5 if !args.is_empty() => {
            let i = rng.below(args.len());
            args[i] ^= 1 << rng.below(8);
            (args, format!("bit flipped in byte {i}"))
        }
        _ => {
            let n = rng.below(600);
            (rng.bytes(n), format!("{n} random bytes"))
        }
    }
}

// ------------------------------------------------------------------ the check

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
    let outcome = classify(&receipt)?;
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
