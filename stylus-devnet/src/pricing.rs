//! Nitro's Stylus prices: ink/gas conversion, hostio base costs, per-byte costs,
//! opcode ink costs, the memory (page) model, entry costs and the EVM-equivalent gas
//! schedules the Go side of Nitro charges (storage, calls, logs, account access).
//!
//! Sources (Nitro): `crates/arbutil/src/pricing.rs`, `crates/prover/src/programs/meter.rs`
//! (`pricing_v1`), `crates/prover/src/programs/config.rs`, `arbos/programs/{memory,params,programs}.go`;
//! go-ethereum fork `core/vm/operations_acl_arbitrum.go`. See `docs/stylus-host-spec.md` §6.

use wasmparser::Operator;

/// Ink spent by every basic block's header (the ink check itself).
pub const INK_HEADER_COST: u64 = 2450;
/// Dynamic ink per byte of `memory.fill` (800 / 8).
pub const MEMORY_FILL_INK: u64 = 800 / 8;
/// Dynamic ink per byte of `memory.copy` (800 / 8).
pub const MEMORY_COPY_INK: u64 = 800 / 8;

/// Base ink of a hostio.
pub const HOSTIO_INK: u64 = 8400;
/// Extra ink per pointer argument (13,440 − 8,400).
pub const PTR_INK: u64 = 13_440 - HOSTIO_INK;
/// Extra ink of a request into the EVM (Go side).
pub const EVM_API_INK: u64 = 59_673;
/// Extra ink of a 256-bit division.
pub const DIV_INK: u64 = 20_000;
/// Extra ink of a 256-bit mulmod.
pub const MUL_MOD_INK: u64 = 24_100;
/// Extra ink of a 256-bit addmod.
pub const ADD_MOD_INK: u64 = 21_000;

/// Base ink of every hostio (Nitro `pricing::hostio`).
#[allow(missing_docs)]
pub mod hostio {
    use super::*;
    pub const READ_ARGS: u64 = HOSTIO_INK;
    pub const WRITE_RESULT: u64 = HOSTIO_INK;
    pub const STORAGE_LOAD: u64 = HOSTIO_INK + 2 * PTR_INK;
    pub const STORAGE_CACHE: u64 = HOSTIO_INK + 2 * PTR_INK;
    pub const STORAGE_FLUSH: u64 = HOSTIO_INK + EVM_API_INK;
    pub const TRANSIENT_LOAD: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub const TRANSIENT_STORE: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub const CALL_CONTRACT: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    pub const CREATE1: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    pub const CREATE2: u64 = HOSTIO_INK + 4 * PTR_INK + EVM_API_INK;
    pub const READ_RETURN_DATA: u64 = HOSTIO_INK + EVM_API_INK;
    pub const RETURN_DATA_SIZE: u64 = HOSTIO_INK;
    pub const EMIT_LOG: u64 = HOSTIO_INK + EVM_API_INK;
    pub const ACCOUNT_BALANCE: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub const ACCOUNT_CODE: u64 = HOSTIO_INK + EVM_API_INK;
    pub const ACCOUNT_CODE_SIZE: u64 = HOSTIO_INK + EVM_API_INK;
    pub const ACCOUNT_CODE_HASH: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub const BLOCK_BASEFEE: u64 = HOSTIO_INK + PTR_INK;
    pub const BLOCK_COINBASE: u64 = HOSTIO_INK + PTR_INK;
    pub const BLOCK_GAS_LIMIT: u64 = HOSTIO_INK;
    pub const BLOCK_NUMBER: u64 = HOSTIO_INK;
    pub const BLOCK_TIMESTAMP: u64 = HOSTIO_INK;
    pub const CHAIN_ID: u64 = HOSTIO_INK;
    pub const ADDRESS: u64 = HOSTIO_INK + PTR_INK;
    pub const EVM_GAS_LEFT: u64 = HOSTIO_INK;
    pub const EVM_INK_LEFT: u64 = HOSTIO_INK;
    pub const MATH_DIV: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    pub const MATH_MOD: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    pub const MATH_POW: u64 = HOSTIO_INK + 3 * PTR_INK;
    pub const MATH_ADD_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK;
    pub const MATH_MUL_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK;
    pub const MSG_REENTRANT: u64 = HOSTIO_INK;
    pub const MSG_SENDER: u64 = HOSTIO_INK + PTR_INK;
    pub const MSG_VALUE: u64 = HOSTIO_INK + PTR_INK;
    pub const TX_GAS_PRICE: u64 = HOSTIO_INK + PTR_INK;
    pub const TX_INK_PRICE: u64 = HOSTIO_INK;
    pub const TX_ORIGIN: u64 = HOSTIO_INK + PTR_INK;
    pub const PAY_FOR_MEMORY_GROW: u64 = HOSTIO_INK;
}

fn sat_add_mul(base: u64, per: u64, count: u32) -> u64 {
    base.saturating_add(per.saturating_mul(count.into()))
}

/// Ink to write `bytes` into wasm memory.
pub fn write_price(bytes: u32) -> u64 {
    sat_add_mul(5040, 30, bytes.saturating_sub(32))
}

/// Ink to read `bytes` out of wasm memory.
pub fn read_price(bytes: u32) -> u64 {
    sat_add_mul(16_381, 55, bytes.saturating_sub(32))
}

/// Number of 32-byte EVM words covering `bytes`.
pub fn evm_words(bytes: u32) -> u32 {
    bytes.div_ceil(32)
}

/// Ink of `native_keccak256` over `bytes`.
pub fn keccak_price(bytes: u32) -> u64 {
    sat_add_mul(121_800, 21_000, evm_words(bytes).saturating_sub(2))
}

/// Variable ink of `math_pow` for a big-endian exponent.
pub fn pow_price(exponent: &[u8; 32]) -> u64 {
    let zeros = exponent.iter().take_while(|b| **b == 0).count() as u64;
    3000 + (33 - zeros) * 17_500
}

/// Converts gas to ink (saturating).
pub fn gas_to_ink(gas: u64, ink_price: u32) -> u64 {
    gas.saturating_mul(ink_price.into())
}

/// Converts ink to gas (truncating).
pub fn ink_to_gas(ink: u64, ink_price: u32) -> u64 {
    ink / u64::from(ink_price.max(1))
}

/// EVM memory-expansion cost of `size` bytes: `3·words + words²/512`
/// (used by the ArbOS ≥ 31 return-data minimum cost).
pub fn evm_memory_cost(size: u64) -> u64 {
    let words = size.div_ceil(32);
    words
        .saturating_mul(3)
        .saturating_add(words.saturating_mul(words) / 512)
}

/// Ink cost of one operator under Stylus pricing v1 (`meter.rs` `pricing_v1`).
/// `call_indirect_params` resolves the number of parameters of a type index.
pub fn opcode_ink(op: &Operator, call_indirect_params: impl Fn(u32) -> usize) -> u64 {
    use Operator::*;
    match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } => 1,
        Drop => 9,
        Block { .. } | Loop { .. } | Else | End => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1250,
        Call { .. } => 3800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. }
        | I32Load8S { .. }
        | I32Load8U { .. }
        | I32Load16S { .. }
        | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3000,
        MemoryGrow { .. } => 8050,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,
        I32Clz | I32Ctz => 210,
        I32Add | I32Sub => 70,
        I32Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1120,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I64Clz | I64Ctz => 210,
        I64Add | I64Sub => 100,
        I64Mul => 160,
        I64DivS | I64DivU | I64RemS | I64RemU => 1270,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I32Popcnt => 2650,
        I64Popcnt => 6000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2400 + 325 * u64::from(targets.len()),
        CallIndirect { type_index, .. } => 13_610 + 650 * call_indirect_params(*type_index) as u64,
        // floats, references, tables, bulk-memory init/drop, atomics, SIMD, ...
        _ => u64::MAX,
    }
}

/// Nitro's per-transaction memory model (`memory.rs` / `memory.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct MemoryModel {
    /// Pages every transaction gets for free.
    pub free_pages: u16,
    /// Linear gas per page beyond the free ones.
    pub page_gas: u16,
}

impl Default for MemoryModel {
    fn default() -> Self {
        Self {
            free_pages: 2,
            page_gas: 1000,
        }
    }
}

/// `exp(pages)` table: 1 at 0 pages … 31,873,999 at 128 pages.
const MEMORY_EXPONENTS: [u32; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38,
    43, 50, 57, 65, 75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569,
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309, 4932,
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, 48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735,
    216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672, 635973, 727880, 833067, 953456,
    1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113,
    4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199,
    16230562, 18576084, 21260563, 24332984, 27849408, 31873999,
];

impl MemoryModel {
    /// Gas to open `new` pages when `open` are open and `ever` were at most open in the tx.
    pub fn gas_cost(&self, new: u16, open: u16, ever: u16) -> u64 {
        let new_open = open.saturating_add(new);
        let new_ever = ever.max(new_open);
        if new_ever <= self.free_pages {
            return 0;
        }
        let sub_free = |pages: u16| pages.saturating_sub(self.free_pages);
        let adding = sub_free(new_open).saturating_sub(sub_free(open));
        let linear = u64::from(adding).saturating_mul(self.page_gas.into());
        let expand = Self::exp(new_ever).wrapping_sub(Self::exp(ever));
        linear.saturating_add(expand)
    }

    fn exp(pages: u16) -> u64 {
        MEMORY_EXPONENTS
            .get(pages as usize)
            .map_or(u64::MAX, |x| u64::from(*x))
    }
}

/// EVM gas constants used by the Go side of Nitro (EIP-2929/2200/3529 and friends).
#[allow(missing_docs)]
pub mod evm {
    pub const COLD_SLOAD_GAS: u64 = 2100;
    pub const WARM_READ_GAS: u64 = 100;
    pub const COLD_ACCOUNT_GAS: u64 = 2600;
    pub const SSTORE_SENTRY_GAS: u64 = 2300;
    pub const SSTORE_SET_GAS: u64 = 20_000;
    pub const SSTORE_RESET_GAS: u64 = 5000 - COLD_SLOAD_GAS;
    pub const SSTORE_CLEARS_REFUND: i64 = 4800;
    pub const STORAGE_REQUIRED_ACCESS_GAS: u64 = 10;
    pub const TLOAD_GAS: u64 = 100;
    pub const TSTORE_GAS: u64 = 100;
    pub const LOG_TOPIC_GAS: u64 = 375;
    pub const LOG_DATA_GAS: u64 = 8;
    pub const CALL_VALUE_GAS: u64 = 9000;
    pub const CALL_NEW_ACCOUNT_GAS: u64 = 25_000;
    pub const CALL_STIPEND: u64 = 2300;
    pub const TX_GAS: u64 = 21_000;
    pub const TX_CREATE_GAS: u64 = 53_000;
    pub const TX_DATA_ZERO_GAS: u64 = 4;
    pub const TX_DATA_NONZERO_GAS: u64 = 16;
    pub const INITCODE_WORD_GAS: u64 = 2;
    pub const CODE_DEPOSIT_GAS: u64 = 200;
    /// CREATE's base cost (`params.CreateGas`).
    pub const CREATE_GAS: u64 = 32_000;
    /// Keccak cost per word (`params.Keccak256WordGas`), which CREATE2 pays for its init code.
    pub const KECCAK_WORD_GAS: u64 = 6;
    pub const MAX_CALL_DEPTH: usize = 1024;
    pub const REFUND_QUOTIENT: u64 = 5;
    pub const ACCESS_LIST_ADDRESS_GAS: u64 = 2_400;
    pub const ACCESS_LIST_STORAGE_KEY_GAS: u64 = 1_900;
    pub const MAX_CODE_SIZE: usize = 24_576;
}

/// Intrinsic gas of an EIP-2930 access list, given the number of storage keys of each of its
/// accounts: 2,400 per account and 1,900 per storage key.
pub fn access_list_gas(keys_per_account: impl IntoIterator<Item = usize>) -> u64 {
    keys_per_account
        .into_iter()
        .map(|keys| evm::ACCESS_LIST_ADDRESS_GAS + evm::ACCESS_LIST_STORAGE_KEY_GAS * keys as u64)
        .sum()
}

/// Ethereum intrinsic gas of a transaction with `data` (21,000 or 53,000 for creations,
/// 4 per zero byte and 16 per non-zero byte, EIP-3860 init-code words for creations).
pub fn intrinsic_gas(data: &[u8], creation: bool) -> u64 {
    let zeros = data.iter().filter(|b| **b == 0).count() as u64;
    let nonzeros = data.len() as u64 - zeros;
    let mut gas = if creation {
        evm::TX_CREATE_GAS
    } else {
        evm::TX_GAS
    };
    gas += zeros * evm::TX_DATA_ZERO_GAS + nonzeros * evm::TX_DATA_NONZERO_GAS;
    if creation {
        gas += evm::INITCODE_WORD_GAS * (data.len() as u64).div_ceil(32);
    }
    gas
}

/// Result of the EIP-2200/2929/3529 SSTORE schedule without the sentry
/// (`WasmStateStoreCost`): gas charged and refund-counter delta.
pub fn sstore_cost(
    original: &[u8; 32],
    current: &[u8; 32],
    new: &[u8; 32],
    cold: bool,
) -> (u64, i64) {
    use evm::*;
    let zero = [0u8; 32];
    let mut gas = if cold { COLD_SLOAD_GAS } else { 0 };
    let mut refund = 0i64;
    if current == new {
        return (gas + WARM_READ_GAS, 0);
    }
    if original == current {
        if *original == zero {
            return (gas + SSTORE_SET_GAS, 0);
        }
        if *new == zero {
            refund += SSTORE_CLEARS_REFUND;
        }
        return (gas + SSTORE_RESET_GAS, refund);
    }
    if *original != zero {
        if *current == zero {
            refund -= SSTORE_CLEARS_REFUND;
        } else if *new == zero {
            refund += SSTORE_CLEARS_REFUND;
        }
    }
    if original == new {
        if *original == zero {
            refund += (SSTORE_SET_GAS - WARM_READ_GAS) as i64;
        } else {
            refund += (SSTORE_RESET_GAS - WARM_READ_GAS) as i64;
        }
    }
    gas += WARM_READ_GAS;
    (gas, refund)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostio_constants_match_spec_table() {
        assert_eq!(hostio::BLOCK_BASEFEE, 13_440);
        assert_eq!(hostio::STORAGE_LOAD, 18_480);
        assert_eq!(hostio::STORAGE_FLUSH, 68_073);
        assert_eq!(hostio::TRANSIENT_LOAD, 78_153);
        assert_eq!(hostio::CALL_CONTRACT, 83_193);
        assert_eq!(hostio::CREATE2, 88_233);
        assert_eq!(hostio::MATH_DIV, 43_520);
        assert_eq!(hostio::MATH_POW, 23_520);
        assert_eq!(hostio::MATH_ADD_MOD, 49_560);
        assert_eq!(hostio::MATH_MUL_MOD, 52_660);
    }

    #[test]
    fn per_byte_prices() {
        assert_eq!(write_price(32), 5040);
        assert_eq!(write_price(64), 5040 + 30 * 32);
        assert_eq!(read_price(0), 16_381);
        assert_eq!(keccak_price(64), 121_800);
        assert_eq!(keccak_price(65), 121_800 + 21_000);
        assert_eq!(pow_price(&[0; 32]), 3000 + 17_500);
        let mut e = [0u8; 32];
        e[31] = 2;
        assert_eq!(pow_price(&e), 3000 + 2 * 17_500);
    }

    #[test]
    fn memory_model() {
        let m = MemoryModel::default();
        assert_eq!(m.gas_cost(2, 0, 0), 0);
        assert_eq!(m.gas_cost(3, 0, 0), 1000);
        assert_eq!(m.gas_cost(1, 2, 2), 1000);
        assert_eq!(m.gas_cost(128, 0, 0), 126_000 + 31_873_998);
        assert_eq!(m.gas_cost(129, 0, 0), u64::MAX);
    }

    #[test]
    fn sstore_schedule() {
        let z = [0u8; 32];
        let mut one = [0u8; 32];
        one[31] = 1;
        let mut two = [0u8; 32];
        two[31] = 2;
        assert_eq!(sstore_cost(&z, &z, &one, true), (22_100, 0));
        assert_eq!(sstore_cost(&z, &z, &one, false), (20_000, 0));
        assert_eq!(sstore_cost(&one, &one, &two, true), (5000, 0));
        assert_eq!(sstore_cost(&one, &one, &z, false), (2900, 4800));
        assert_eq!(sstore_cost(&one, &one, &one, false), (100, 0));
        assert_eq!(sstore_cost(&z, &one, &z, false), (100, 19_900));
        assert_eq!(sstore_cost(&one, &two, &one, false), (100, 2800));
        assert_eq!(sstore_cost(&one, &z, &two, false), (100, -4800));
    }

    #[test]
    fn intrinsic() {
        assert_eq!(intrinsic_gas(&[], false), 21_000);
        assert_eq!(intrinsic_gas(&[0, 1], false), 21_020);
    }
}
