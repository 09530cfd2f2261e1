//! What a call frame is made of, shared by the frame executor ([`crate::exec`]), both VMs
//! (the Stylus host, [`crate::host`], and the EVM interpreter, [`crate::revm_frame`]) and the
//! transaction state ([`crate::state`]): the chain's Stylus parameters and block, compiled
//! programs, analysed EVM code, the transaction environment, messages and frame results. It
//! imports none of those modules, and neither VM imports the executor: a nested call reaches
//! it through the [`Nested`] entry points each VM is handed, so no module imports another in
//! a circle.

use alloy_primitives::map::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use revm_interpreter::state::Bytecode;

use crate::activation::ActivatedProgram;
use crate::pricing::{evm, MemoryModel};

/// Stylus parameters of the chain (ArbOS 50 defaults from `arbos/programs/params.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
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

/// Analysed EVM bytecode by codehash (jump tables are built once per code, not per call).
/// Shared by every transaction of a devnet: code is content-addressed, so an entry never
/// goes stale.
#[derive(Clone, Default)]
pub(crate) struct CodeCache(Arc<Mutex<HashMap<B256, Bytecode>>>);

impl CodeCache {
    /// The analysed form of `code`, whose hash is `codehash`.
    pub(crate) fn get(&self, codehash: B256, code: &[u8]) -> Bytecode {
        let mut map = match self.0.lock() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.entry(codehash)
            .or_insert_with(|| Bytecode::new_legacy(Bytes::copy_from_slice(code)))
            .clone()
    }
}

/// How a VM runs the frames its code asks for over the transaction state `S`: the frame
/// executor's entry points, handed to the Stylus host and to the EVM interpreter, so that
/// neither depends on the executor (as revm's interpreter sees only its host).
pub(crate) struct Nested<S> {
    /// A message call.
    pub call: fn(&mut S, Message) -> FrameResult,
    /// A creation: the frame's result and the new address when it succeeded.
    pub create: fn(&mut S, Creation) -> (FrameResult, Option<Address>),
}

impl<S> Clone for Nested<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Nested<S> {}

/// A compiled program: activation data and the instrumented wasmi module.
pub(crate) struct Program {
    pub activated: Arc<ActivatedProgram>,
    pub module: wasmi::Module,
}

/// Everything a transaction needs besides mutable state.
#[derive(Clone)]
pub(crate) struct Env {
    pub programs: HashMap<B256, Arc<Program>>,
    /// Codehashes in ArbOS's program cache (`ArbWasmCache.cacheProgram`): their calls pay
    /// `cached_gas` instead of `init_gas` + `cached_gas`. A transaction reads it through
    /// `TxState::is_cached`, which adds the transaction's own changes.
    pub cached_programs: HashSet<B256>,
    pub params: StylusParams,
    pub chain_id: u64,
    pub block: BlockEnv,
    pub origin: Address,
    pub gas_price: U256,
    /// Analysed EVM bytecode, shared by every transaction.
    pub evm_code: CodeCache,
}

impl Env {
    pub(crate) fn new(params: StylusParams, chain_id: u64, block: BlockEnv) -> Self {
        Self {
            programs: HashMap::default(),
            cached_programs: HashSet::default(),
            params,
            chain_id,
            block,
            origin: Address::ZERO,
            gas_price: U256::ZERO,
            evm_code: Default::default(),
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
    /// EVM `CALLCODE`: the callee's code in the caller's storage, value "sent" to itself.
    CallCode,
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

/// What a creation (`CREATE`, `CREATE2`, a creation transaction, Stylus' `create1`/`create2`)
/// asks for.
#[derive(Clone, Debug)]
pub(crate) struct Creation {
    pub caller: Address,
    pub value: U256,
    pub init_code: Vec<u8>,
    pub gas: u64,
    /// `Some` for CREATE2.
    pub salt: Option<B256>,
}

impl Creation {
    /// The address the creation deploys to, given the caller's nonce before it.
    pub(crate) fn address(&self, nonce: u64) -> Address {
        match self.salt {
            None => self.caller.create(nonce),
            Some(salt) => self.caller.create2(salt, keccak256(&self.init_code)),
        }
    }
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
    /// An EVM frame halted exceptionally (invalid opcode, bad jump, stack error, write in a
    /// static call, creation rule...): all gas consumed. Geth's words for it.
    Halt(String),
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
    pub(crate) fn ok(output: Vec<u8>, gas_left: u64) -> Self {
        Self {
            error: None,
            output,
            gas_left,
        }
    }
    pub(crate) fn err(error: FrameError, gas_left: u64) -> Self {
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
