//! Call frames: the parts of geth's `evm.Call`/`DelegateCall`/`StaticCall` and of Nitro's
//! `Programs.CallProgram` that decide what a frame costs and returns: call depth, value
//! transfer, snapshots, precompiles, program entry cost, memory pages, reentrancy, the
//! ArbOS ≥ 31 return-data minimum cost and the mapping of Stylus outcomes to EVM errors.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use alloy_primitives::{Address, B256, U256};

use crate::activation::{ActivatedProgram, STYLUS_PREFIX};
use crate::host::{self, FrameContext, HostEnv, Outcome};
use crate::pricing::{self, evm, MemoryModel};
use crate::state::TxState;

/// Stylus parameters of the chain (ArbOS 50 defaults from `arbos/programs/params.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StylusParams {
    /// ArbOS version (affects pricing fixes; 50 by default).
    pub arbos_version: u64,
    /// Stylus version programs are activated with (2).
    pub stylus_version: u16,
    /// Ink per gas (10,000).
    pub ink_price: u32,
    /// Depth-checker budget in words (22,000 from ArbOS 50).
    pub max_stack_depth: u32,
    /// Memory model (2 free pages, 1000 gas per page).
    pub memory_model: MemoryModel,
    /// Pages a program may start with (128).
    pub page_limit: u16,
    /// MinInitGas (69 for Stylus v2).
    pub min_init_gas: u8,
    /// MinCachedInitGas (11).
    pub min_cached_init_gas: u8,
    /// InitCostScalar (50 = 100 %).
    pub init_cost_scalar: u8,
    /// CachedCostScalar (50 = 100 %).
    pub cached_cost_scalar: u8,
    /// MaxWasmSize (128 KiB).
    pub max_wasm_size: usize,
    /// Max code size (24,576).
    pub max_code_size: usize,
}

impl Default for StylusParams {
    fn default() -> Self {
        Self {
            arbos_version: 50,
            stylus_version: 2,
            ink_price: 10_000,
            max_stack_depth: 22_000,
            memory_model: MemoryModel::default(),
            page_limit: 128,
            min_init_gas: 69,
            min_cached_init_gas: 11,
            init_cost_scalar: 50,
            cached_cost_scalar: 50,
            max_wasm_size: 128 * 1024,
            max_code_size: evm::MAX_CODE_SIZE,
        }
    }
}

/// Block context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockEnv {
    /// L2 block number.
    pub number: u64,
    /// L1 block number estimate (what Stylus' `block_number` hostio returns).
    pub l1_number: u64,
    /// Timestamp in seconds.
    pub timestamp: u64,
    /// Base fee in wei.
    pub basefee: U256,
    /// Coinbase.
    pub coinbase: Address,
    /// Block gas limit.
    pub gas_limit: u64,
}

/// A compiled program: activation data and the instrumented wasmi module.
pub(crate) struct Program {
    pub activated: Arc<ActivatedProgram>,
    pub module: wasmi::Module,
}

/// Everything a transaction needs besides mutable state.
#[derive(Clone)]
pub(crate) struct Env {
    pub engine: wasmi::Engine,
    pub linker: Arc<wasmi::Linker<HostEnv>>,
    pub programs: HashMap<B256, Arc<Program>>,
    /// Codehashes in ArbOS's program cache (`ArbWasmCache.cacheProgram`): their calls pay
    /// `cached_gas` instead of `init_gas` + `cached_gas`.
    pub cached_programs: HashSet<B256>,
    pub params: StylusParams,
    pub chain_id: u64,
    pub block: BlockEnv,
    pub origin: Address,
    pub gas_price: U256,
}

impl Env {
    pub fn new(params: StylusParams, chain_id: u64, block: BlockEnv) -> Self {
        let mut config = wasmi::Config::default();
        // Nitro's depth checker must be what stops recursion, never wasmi's own limits.
        config.set_max_recursion_depth(100_000);
        config.set_max_stack_height(256 * 1024 * 1024);
        config.wasm_reference_types(false);
        let engine = wasmi::Engine::new(&config);
        let linker = Arc::new(host::linker(&engine));
        Self {
            engine,
            linker,
            programs: HashMap::new(),
            cached_programs: HashSet::new(),
            params,
            chain_id,
            block,
            origin: Address::ZERO,
            gas_price: U256::ZERO,
        }
    }
}

impl Default for Env {
    fn default() -> Self {
        // Placeholder used while a `TxState` is moved into a wasm store; never executed.
        static PLACEHOLDER: OnceLock<Env> = OnceLock::new();
        PLACEHOLDER
            .get_or_init(|| {
                let block = BlockEnv {
                    number: 0,
                    l1_number: 0,
                    timestamp: 0,
                    basefee: U256::ZERO,
                    coinbase: Address::ZERO,
                    gas_limit: 0,
                };
                Env::new(StylusParams::default(), 0, block)
            })
            .clone()
    }
}

/// Kind of a message call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallKind {
    Call,
    DelegateCall,
    StaticCall,
}

/// A message call.
#[derive(Clone, Debug)]
pub(crate) struct Message {
    pub kind: CallKind,
    /// `msg.sender` seen by the callee.
    pub caller: Address,
    /// Storage context / executing address.
    pub address: Address,
    /// Account whose code runs.
    pub code_address: Address,
    /// `msg.value` seen by the callee.
    pub value: U256,
    pub input: Vec<u8>,
    pub gas: u64,
    pub is_static: bool,
}

/// Why a frame failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FrameError {
    /// Program returned non-zero (revert data kept).
    Revert,
    /// Program trapped or a hostio failed: revert with empty data, gas refunded.
    Failure(String),
    /// Out of ink/gas: all gas consumed.
    OutOfGas,
    /// Depth checker tripped (Nitro `ErrDepth`): all gas consumed.
    OutOfStack,
    /// More than 1024 nested calls (gas returned).
    CallDepth,
    /// Value transfer without funds (gas returned).
    InsufficientBalance,
    /// Anything the devnet does not model (EVM bytecode, unsupported precompile, ...).
    Unsupported(String),
}

/// Result of a frame.
#[derive(Clone, Debug)]
pub(crate) struct FrameResult {
    pub error: Option<FrameError>,
    pub output: Vec<u8>,
    pub gas_left: u64,
}

impl FrameResult {
    fn ok(output: Vec<u8>, gas_left: u64) -> Self {
        Self {
            error: None,
            output,
            gas_left,
        }
    }
    fn err(error: FrameError, gas_left: u64) -> Self {
        Self {
            error: Some(error),
            output: Vec::new(),
            gas_left,
        }
    }
}

/// Precompile addresses: Ethereum's 0x01–0x11 and 0x100, Arbitrum's 0x64–0x74 and 0xff.
pub(crate) fn is_precompile(address: &Address) -> bool {
    let bytes = address.as_slice();
    if bytes[..18].iter().any(|b| *b != 0) {
        return false;
    }
    let n = u16::from_be_bytes([bytes[18], bytes[19]]);
    matches!(n, 0x01..=0x11 | 0x64..=0x74 | 0xff | 0x100)
}

/// Addresses warm at the start of every transaction (EIP-2929).
pub(crate) fn precompile_addresses() -> impl Iterator<Item = Address> {
    (0x01u16..=0x11)
        .chain(0x64..=0x74)
        .chain([0xff, 0x100])
        .map(|n| {
            let mut a = [0u8; 20];
            a[18..].copy_from_slice(&n.to_be_bytes());
            Address::from(a)
        })
}

/// Runs a message call in `tx` (geth `evm.Call` & co.).
pub(crate) fn call(tx: &mut TxState, msg: Message) -> FrameResult {
    if tx.depth > evm::MAX_CALL_DEPTH {
        return FrameResult::err(FrameError::CallDepth, msg.gas);
    }
    let transfers = msg.kind == CallKind::Call && !msg.value.is_zero();
    if transfers && tx.balance(&msg.caller) < msg.value {
        return FrameResult::err(FrameError::InsufficientBalance, msg.gas);
    }
    let snapshot = tx.snapshot();
    if msg.kind == CallKind::Call && !tx.exists(&msg.address) {
        if !is_precompile(&msg.address) && msg.value.is_zero() {
            return FrameResult::ok(Vec::new(), msg.gas);
        }
        tx.touch(msg.address);
    }
    if transfers {
        tx.transfer(msg.caller, msg.address, msg.value);
    }

    tx.depth += 1;
    let result = if is_precompile(&msg.code_address) {
        run_precompile(&msg)
    } else {
        let code = tx.code(&msg.code_address);
        if code.is_empty() {
            FrameResult::ok(Vec::new(), msg.gas)
        } else if code.len() > 3 && code[..3] == STYLUS_PREFIX {
            let codehash = tx.codehash(&msg.code_address);
            run_program(tx, &msg, codehash)
        } else {
            FrameResult::err(
                FrameError::Unsupported(format!(
                    "{} has EVM bytecode, which the Stylus devnet cannot execute",
                    msg.code_address
                )),
                0,
            )
        }
    };
    tx.depth -= 1;

    let mut result = result;
    if let Some(error) = &result.error {
        tx.revert_to(snapshot);
        match error {
            FrameError::Revert | FrameError::Failure(_) => {}
            _ => result.gas_left = 0,
        }
    }
    result
}

/// Runs a Stylus program (Nitro `CallProgram` + `callProgram`).
fn run_program(tx: &mut TxState, msg: &Message, codehash: B256) -> FrameResult {
    let env = tx.env.clone();
    let Some(program) = env.programs.get(&codehash).cloned() else {
        return FrameResult::err(
            FrameError::Unsupported(format!("program at {} is not activated", msg.code_address)),
            0,
        );
    };
    let params = &env.params;
    let activated = &program.activated;
    let starting_gas = msg.gas;

    // entry cost: memory footprint + init/cached costs (`programs.go` `CallProgram`); only the
    // ArbOS program cache counts as cached (no ArbOS 60 "recent wasms")
    let cached = env.cached_programs.contains(&codehash);
    let mut cost = params
        .memory_model
        .gas_cost(activated.footprint, tx.open_pages, tx.ever_pages);
    if cached || activated.stylus_version > 1 {
        cost = cost.saturating_add(
            activated.cached_gas(params.min_cached_init_gas, params.cached_cost_scalar),
        );
    }
    if !cached {
        cost =
            cost.saturating_add(activated.init_gas(params.min_init_gas, params.init_cost_scalar));
    }
    if starting_gas < cost {
        return FrameResult::err(FrameError::OutOfGas, 0);
    }
    let gas = starting_gas - cost;
    let (open_before, _) = tx.add_stylus_pages(activated.footprint);

    let counted = msg.kind != CallKind::DelegateCall;
    if counted {
        *tx.frame_counts.entry(msg.address).or_default() += 1;
    }
    let reentrant = tx.frame_counts.get(&msg.address).copied().unwrap_or(0) > 1;

    let frame = FrameContext {
        address: msg.address,
        caller: msg.caller,
        value: msg.value,
        is_static: msg.is_static,
        reentrant,
        args: msg.input.clone(),
    };
    let (outcome, output, gas_left) = host::run(tx, &program, frame, gas);

    if counted {
        if let Some(count) = tx.frame_counts.get_mut(&msg.address) {
            *count -= 1;
        }
    }
    tx.open_pages = open_before;

    let (error, output) = match outcome {
        Outcome::Success => (None, output),
        Outcome::Revert => (Some(FrameError::Revert), output),
        Outcome::Failure(reason) => (Some(FrameError::Failure(reason)), Vec::new()),
        Outcome::OutOfInk => (Some(FrameError::OutOfGas), Vec::new()),
        Outcome::OutOfStack => (Some(FrameError::OutOfStack), Vec::new()),
    };
    let mut gas_left = gas_left;
    // ArbOS >= 31: returned data must have cost at least its EVM memory expansion
    if !output.is_empty() && params.arbos_version >= 31 {
        let evm_cost = pricing::evm_memory_cost(output.len() as u64);
        if starting_gas < evm_cost {
            return FrameResult::err(FrameError::OutOfGas, 0);
        }
        gas_left = gas_left.min(starting_gas - evm_cost);
    }
    FrameResult {
        error,
        output,
        gas_left,
    }
}

fn run_precompile(msg: &Message) -> FrameResult {
    let n = u16::from_be_bytes([msg.code_address[18], msg.code_address[19]]);
    let words = (msg.input.len() as u64).div_ceil(32);
    let (cost, output) = match n {
        0x01 => (3000, ecrecover(&msg.input)),
        0x02 => {
            use sha2::Digest;
            (60 + 12 * words, sha2::Sha256::digest(&msg.input).to_vec())
        }
        0x04 => (15 + 3 * words, msg.input.clone()),
        _ => {
            return FrameResult::err(
                FrameError::Unsupported(format!(
                    "precompile {} is not implemented",
                    msg.code_address
                )),
                0,
            )
        }
    };
    if msg.gas < cost {
        return FrameResult::err(FrameError::OutOfGas, 0);
    }
    FrameResult::ok(output, msg.gas - cost)
}

/// The ecrecover precompile: input `hash ‖ v ‖ r ‖ s` (zero-padded to 128 bytes);
/// output the 32-byte left-padded signer, or nothing for an invalid signature.
pub(crate) fn ecrecover(input: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; 128];
    let n = input.len().min(128);
    buf[..n].copy_from_slice(&input[..n]);
    let hash = B256::from_slice(&buf[..32]);
    let v = U256::from_be_slice(&buf[32..64]);
    let r = U256::from_be_slice(&buf[64..96]);
    let s = U256::from_be_slice(&buf[96..128]);
    let parity = match v.to::<u64>() {
        _ if v > U256::from(28u8) => return Vec::new(),
        27 => false,
        28 => true,
        _ => return Vec::new(),
    };
    // secp256k1 group order
    let order = alloy_primitives::uint!(
        0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141_U256
    );
    if r.is_zero() || s.is_zero() || r >= order || s >= order {
        return Vec::new();
    }
    // normalise high-s signatures (the precompile accepts them)
    let (s, parity) = if s > order >> 1 {
        (order - s, !parity)
    } else {
        (s, parity)
    };
    let sig = alloy_primitives::Signature::new(r, s, parity);
    match sig.recover_address_from_prehash(&hash) {
        Ok(address) => {
            let mut out = vec![0u8; 12];
            out.extend_from_slice(address.as_slice());
            out
        }
        Err(_) => Vec::new(),
    }
}
