//! The activation parameters and the activated program.

use alloy_primitives::B256;

/// Parameters of activation (defaults: ArbOS 50, Stylus version 2, Nitro's initial params).
#[derive(Clone, Debug)]
pub struct ActivationConfig {
    /// ArbOS version at activation (multi-value is rejected from 60, import limit from 32).
    pub arbos_version: u64,
    /// Stylus version (1 folds cached cost into init cost; 2 is current).
    pub stylus_version: u16,
    /// Pages available to the module (PageLimit − pages already open in the tx).
    pub page_limit: u16,
    /// Maximum decompressed wasm size (MaxWasmSize, 128 KiB).
    pub max_wasm_size: usize,
    /// Maximum deployed code size including the 4-byte prefix (EIP-170, 24,576).
    pub max_code_size: usize,
}

impl Default for ActivationConfig {
    fn default() -> Self {
        Self {
            arbos_version: 50,
            stylus_version: 2,
            page_limit: 128,
            max_wasm_size: 128 * 1024,
            max_code_size: crate::pricing::evm::MAX_CODE_SIZE,
        }
    }
}

/// A checked, instrumented program ready to be deployed and executed.
#[derive(Clone, Debug)]
pub struct ActivatedProgram {
    /// The uncompressed wasm as given (or decompressed).
    pub wasm: Vec<u8>,
    /// The deployable contract code: `EF F0 00 00` + brotli(q11, window 22) of the wasm.
    pub code: Vec<u8>,
    /// keccak256 of [`Self::code`].
    pub codehash: B256,
    /// The module after Nitro's instrumentation (ink meter, depth checker, heap bound).
    pub instrumented: Vec<u8>,
    /// Stylus version used for instrumentation and pricing.
    pub stylus_version: u16,
    /// Activation-time `init_cost` (see `programs.go` `initGas`).
    pub init_cost: u16,
    /// Activation-time `cached_init_cost` (see `programs.go` `cachedGas`).
    pub cached_init_cost: u16,
    /// Initial memory in pages, charged at every call through the memory model.
    pub footprint: u16,
    /// Nitro's canonical estimate of the native code size.
    pub asm_estimate: u32,
    /// Gas `ArbWasm.activateProgram` would charge (fixed + measured parts; no data fee).
    pub activation_gas: u64,
}

impl ActivatedProgram {
    /// `init_gas` charged at a call of an uncached program (params: MinInitGas, InitCostScalar).
    pub fn init_gas(&self, min_init_gas: u8, init_cost_scalar: u8) -> u64 {
        let base = u64::from(min_init_gas) * 128;
        let dyno = u64::from(self.init_cost) * u64::from(init_cost_scalar) * 2;
        base.saturating_add(dyno.div_ceil(100))
    }

    /// `cached_gas` charged at a call (always for Stylus version > 1).
    pub fn cached_gas(&self, min_cached_init_gas: u8, cached_cost_scalar: u8) -> u64 {
        let base = u64::from(min_cached_init_gas) * 32;
        let dyno = u64::from(self.cached_init_cost) * u64::from(cached_cost_scalar) * 2;
        base.saturating_add(dyno.div_ceil(100))
    }
}
