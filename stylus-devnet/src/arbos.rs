//! ArbOS precompiles as far as Stylus programs and tools read them: ArbSys (`0x64`),
//! ArbGasInfo (`0x6c`), ArbWasm (`0x71`) and ArbWasmCache (`0x72`).
//!
//! Priced by Nitro's rule for precompiles (`precompiles/precompile.go`): 3 gas per word of
//! arguments, 800 to open the ArbOS state for any method that is not pure (one storage read,
//! the ArbOS version), 800 per further ArbOS storage read the method makes, and 3 gas per
//! word of the result. The reads counted per method are this file's reading of Nitro's
//! implementation (`ArbWasm.go`, `programs.go`, …); they are not compared against a Nitro
//! node. As in Nitro, an unknown method, value sent to a non-payable method, a write in a
//! static context and a gas shortfall revert with every gas supplied consumed; a method's own
//! Solidity error reverts with its data and the gas left.
//!
//! The program cache: the chain's one cache manager is the CacheManager contract at
//! [`CACHE_MANAGER`] (nitro-testnode's address, where lst-devnet's genesis puts
//! `contracts/genesis/CacheManager.sol`); the devnet has no chain owner. Only the manager may
//! `cacheProgram` / `evictCodehash` (`cacheCodehash` up to ArbOS 30, as Nitro), anyone else
//! burns all the gas supplied. A change to the cache is journaled with the transaction (a
//! reverted frame takes it back) and counts at once for the entry cost of later calls in the
//! same transaction. `Devnet::cache_program` / `evict_program` change the cache directly,
//! outside any transaction and without the manager's bookkeeping.
//!
//! Not here: methods that need what the devnet does not keep (L1 messages, block hashes,
//! program activation times, some ArbWasm parameters) fail with a message that says so. The
//! devnet keeps no activation times, so no program expires (`ProgramExpired` is never
//! raised) and every program is at the chain's one Stylus version.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolInterface};

use std::sync::Arc;

use crate::activation::{ActivatedProgram, ActivationConfig};
use crate::frame::{FrameError, FrameResult, Message};
use crate::state::Log;
use crate::state::TxState;

sol! {
    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
        function getStorageGasAvailable() external view returns (uint256);
        function isTopLevelCall() external view returns (bool);
        function wasMyCallersAddressAliased() external view returns (bool);
        function mapL1SenderContractAddressToL2Alias(address sender, address unused) external pure returns (address);
        function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32);
        function myCallersAddressWithoutAliasing() external view returns (address);
        function sendTxToL1(address destination, bytes calldata data) external payable returns (uint256);
        function withdrawEth(address destination) external payable returns (uint256);
    }

    interface ArbGasInfo {
        function getMinimumGasPrice() external view returns (uint256);
        function getL1BaseFeeEstimate() external view returns (uint256);
        function getL1GasPriceEstimate() external view returns (uint256);
        function getCurrentTxL1GasFees() external view returns (uint256);
        function getGasBacklog() external view returns (uint64);
        function getPricesInWei() external view returns (uint256, uint256, uint256, uint256, uint256, uint256);
    }

    interface ArbWasm {
        function stylusVersion() external view returns (uint16 version);
        function inkPrice() external view returns (uint32 price);
        function maxStackDepth() external view returns (uint32 depth);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageLimit() external view returns (uint16 limit);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        function programVersion(address program) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function programTimeLeft(address program) external view returns (uint64 secs);
        function codehashKeepalive(bytes32 codehash) external payable;
        function expiryDays() external view returns (uint16 _days);
        function keepaliveDays() external view returns (uint16 _days);
        function pageRamp() external view returns (uint64 ramp);
        function blockCacheSize() external view returns (uint16 count);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramUpToDate();
        error ProgramInsufficientValue(uint256 have, uint256 want);
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    }

    interface ArbWasmCache {
        function isCacheManager(address manager) external view returns (bool);
        function allCacheManagers() external view returns (address[] memory managers);
        function codehashIsCached(bytes32 codehash) external view returns (bool);
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;
        /// Deprecated: Nitro serves it up to ArbOS 30 only.
        function cacheCodehash(bytes32 codehash) external;

        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
    }
}

/// ArbSys.
pub const ARB_SYS: Address = arbos_address(0x64);
/// ArbGasInfo.
pub const ARB_GAS_INFO: Address = arbos_address(0x6c);
/// ArbWasm.
pub const ARB_WASM: Address = arbos_address(0x71);
/// ArbWasmCache.
pub const ARB_WASM_CACHE: Address = arbos_address(0x72);
/// The chain's cache manager (`ArbWasmCache.allCacheManagers()`): the CacheManager contract
/// of nitro-testnode's local chain, the address tools configured for a local Arbitrum node
/// use. lst-devnet's genesis puts `contracts/genesis/CacheManager.sol` there.
pub const CACHE_MANAGER: Address =
    alloy_primitives::address!("0f1f89aaf1c6fdb7ff9d361e4388f5f3997f12a8");

const fn arbos_address(n: u8) -> Address {
    let mut bytes = [0u8; 20];
    bytes[19] = n;
    Address::new(bytes)
}

/// Gas per word copied (geth's `params.CopyGas`).
const COPY_GAS: u64 = 3;
/// An ArbOS storage read (geth's `params.SloadGasEIP2200`).
const ARBOS_READ: u64 = 800;
/// Units of `MinInitGas` and `MinCachedInitGas`, and of the cost scalars (Nitro's
/// `programs/params.go`).
const MIN_INIT_GAS_UNITS: u64 = 128;
const MIN_CACHED_GAS_UNITS: u64 = 32;
const COST_SCALAR_PERCENT: u64 = 2;

/// What a method answered: its return data, or its Solidity error.
enum Answer {
    Return(Vec<u8>),
    Error(Vec<u8>),
}

/// Runs an ArbOS precompile, if `msg` is for one of those here.
pub(crate) fn run(tx: &mut TxState, msg: &Message) -> Option<FrameResult> {
    let address = msg.code_address;
    if ![ARB_SYS, ARB_GAS_INFO, ARB_WASM, ARB_WASM_CACHE].contains(&address) {
        return None;
    }
    let consumed = |error| FrameResult::err(error, 0);
    // A delegate call runs the precompile on another account's behalf: Nitro refuses it
    // (`actingAsAddress != precompileAddress`) for every method here but the pure one.
    if msg.input.len() < 4 || msg.address != msg.code_address {
        return Some(consumed(FrameError::Revert));
    }
    let selector = &msg.input[..4];
    let payable = (address == ARB_WASM
        && (selector == ArbWasm::activateProgramCall::SELECTOR
            || selector == ArbWasm::codehashKeepaliveCall::SELECTOR))
        || (address == ARB_SYS
            && (selector == ArbSys::sendTxToL1Call::SELECTOR
                || selector == ArbSys::withdrawEthCall::SELECTOR));
    if !payable && !msg.value.is_zero() {
        return Some(consumed(FrameError::Revert));
    }
    let args_cost = COPY_GAS * (msg.input.len() as u64 - 4).div_ceil(32);
    if address == ARB_WASM && selector == ArbWasm::activateProgramCall::SELECTOR {
        return Some(activate_program(tx, msg, args_cost));
    }
    if address == ARB_WASM_CACHE {
        if let Some(result) = set_program_cached(tx, msg, args_cost) {
            return Some(result);
        }
    }
    let outcome = if address == ARB_SYS {
        arb_sys(tx, msg)
    } else if address == ARB_GAS_INFO {
        arb_gas_info(tx, msg)
    } else if address == ARB_WASM {
        arb_wasm(tx, msg)
    } else {
        arb_wasm_cache(tx, msg)
    };
    let (answer, reads) = match outcome {
        Ok(Some(found)) => found,
        // An unknown selector or undecodable arguments.
        Ok(None) => return Some(consumed(FrameError::Revert)),
        Err(unsupported) => return Some(FrameResult::err(unsupported, 0)),
    };
    let data = match &answer {
        Answer::Return(data) | Answer::Error(data) => data,
    };
    let result_cost = COPY_GAS * (data.len() as u64).div_ceil(32);
    let cost = args_cost + reads * ARBOS_READ + result_cost;
    if msg.gas < cost {
        return Some(consumed(FrameError::Revert));
    }
    let gas_left = msg.gas - cost;
    Some(match answer {
        Answer::Return(output) => FrameResult::ok(output, gas_left),
        Answer::Error(output) => FrameResult {
            error: Some(FrameError::Revert),
            output,
            gas_left,
        },
    })
}

/// A method's answer and the ArbOS storage reads it made (opening the state included).
type Outcome = Result<Option<(Answer, u64)>, FrameError>;

fn ret<C: SolCall>(value: &C::Return, reads: u64) -> Outcome {
    Ok(Some((Answer::Return(C::abi_encode_returns(value)), reads)))
}

fn unsupported(what: &str) -> FrameError {
    FrameError::Unsupported(format!("{what} is not available on the Stylus devnet"))
}

fn arb_sys(tx: &TxState, msg: &Message) -> Outcome {
    use ArbSys::ArbSysCalls as Call;
    let Ok(call) = Call::abi_decode(&msg.input) else {
        return Ok(None);
    };
    let env = &tx.env;
    match call {
        Call::arbBlockNumber(_) => {
            ret::<ArbSys::arbBlockNumberCall>(&U256::from(env.block.number), 1)
        }
        Call::arbChainID(_) => ret::<ArbSys::arbChainIDCall>(&U256::from(env.chain_id), 1),
        // Nitro reports 55 + the ArbOS version (Arbitrum Classic ended at 55).
        Call::arbOSVersion(_) => {
            ret::<ArbSys::arbOSVersionCall>(&U256::from(55 + env.params.arbos_version), 1)
        }
        Call::getStorageGasAvailable(_) => {
            ret::<ArbSys::getStorageGasAvailableCall>(&U256::ZERO, 1)
        }
        // The precompile runs one frame below its caller: a top-level call is at depth ≤ 2.
        Call::isTopLevelCall(_) => ret::<ArbSys::isTopLevelCallCall>(&(tx.depth <= 2), 1),
        // No L1-to-L2 messages here, so no caller is aliased.
        Call::wasMyCallersAddressAliased(_) => {
            ret::<ArbSys::wasMyCallersAddressAliasedCall>(&false, 1)
        }
        Call::mapL1SenderContractAddressToL2Alias(c) => {
            let offset = U256::from_be_slice(ALIAS_OFFSET.as_slice());
            let aliased = U256::from_be_slice(c.sender.as_slice()).wrapping_add(offset);
            let bytes = aliased.to_be_bytes::<32>();
            let alias = Address::from_slice(&bytes[12..]);
            // A pure method: no ArbOS state opened.
            ret::<ArbSys::mapL1SenderContractAddressToL2AliasCall>(&alias, 0)
        }
        Call::arbBlockHash(_) => Err(unsupported("ArbSys.arbBlockHash (block hashes)")),
        Call::myCallersAddressWithoutAliasing(_) => Err(unsupported(
            "ArbSys.myCallersAddressWithoutAliasing (the caller's caller)",
        )),
        Call::sendTxToL1(_) | Call::withdrawEth(_) => Err(unsupported(
            "sending to L1 (ArbSys.sendTxToL1, withdrawEth)",
        )),
    }
}

/// The L1-to-L2 alias offset.
const ALIAS_OFFSET: Address =
    alloy_primitives::address!("1111000000000000000000000000000000001111");

fn arb_gas_info(tx: &TxState, msg: &Message) -> Outcome {
    use ArbGasInfo::ArbGasInfoCalls as Call;
    let Ok(call) = Call::abi_decode(&msg.input) else {
        return Ok(None);
    };
    let basefee = tx.env.block.basefee;
    match call {
        // The devnet's base fee is constant: it is also the minimum.
        Call::getMinimumGasPrice(_) => ret::<ArbGasInfo::getMinimumGasPriceCall>(&basefee, 2),
        // No L1: no L1 price, no L1 fee.
        Call::getL1BaseFeeEstimate(_) => {
            ret::<ArbGasInfo::getL1BaseFeeEstimateCall>(&U256::ZERO, 2)
        }
        Call::getL1GasPriceEstimate(_) => {
            ret::<ArbGasInfo::getL1GasPriceEstimateCall>(&U256::ZERO, 2)
        }
        Call::getCurrentTxL1GasFees(_) => {
            ret::<ArbGasInfo::getCurrentTxL1GasFeesCall>(&U256::ZERO, 1)
        }
        Call::getGasBacklog(_) => ret::<ArbGasInfo::getGasBacklogCall>(&0, 2),
        // (per L2 tx, per L1 calldata byte, per storage allocation, per ArbGas base,
        // congestion, total): with no L1 price the L1 parts are 0; storage is 20,000 gas.
        Call::getPricesInWei(_) => {
            let prices = ArbGasInfo::getPricesInWeiReturn {
                _0: U256::ZERO,
                _1: U256::ZERO,
                _2: basefee * U256::from(20_000),
                _3: basefee,
                _4: U256::ZERO,
                _5: basefee,
            };
            ret::<ArbGasInfo::getPricesInWeiCall>(&prices, 3)
        }
    }
}

/// The activated program whose code `address` holds, if any.
fn program_at(tx: &TxState, address: &Address) -> Option<Arc<ActivatedProgram>> {
    let codehash = tx.codehash(address);
    program_of(tx, &codehash)
}

fn program_of(tx: &TxState, codehash: &B256) -> Option<Arc<ActivatedProgram>> {
    tx.program(codehash).map(|p| p.activated.clone())
}

fn not_activated() -> Outcome {
    Ok(Some((
        Answer::Error(ArbWasm::ProgramNotActivated {}.abi_encode()),
        3,
    )))
}

fn arb_wasm(tx: &TxState, msg: &Message) -> Outcome {
    use ArbWasm::ArbWasmCalls as Call;
    let Ok(call) = Call::abi_decode(&msg.input) else {
        return Ok(None);
    };
    let p = &tx.env.params;
    // Opening the state, then the Stylus parameters (one packed word).
    let params = 2;
    match call {
        Call::stylusVersion(_) => ret::<ArbWasm::stylusVersionCall>(&p.stylus_version, params),
        Call::inkPrice(_) => ret::<ArbWasm::inkPriceCall>(&p.ink_price, params),
        Call::maxStackDepth(_) => ret::<ArbWasm::maxStackDepthCall>(&p.max_stack_depth, params),
        Call::freePages(_) => ret::<ArbWasm::freePagesCall>(&p.memory_model.free_pages, params),
        Call::pageGas(_) => ret::<ArbWasm::pageGasCall>(&p.memory_model.page_gas, params),
        Call::pageLimit(_) => ret::<ArbWasm::pageLimitCall>(&p.page_limit, params),
        Call::minInitGas(_) => {
            let gas = ArbWasm::minInitGasReturn {
                gas: u64::from(p.min_init_gas) * MIN_INIT_GAS_UNITS,
                cached: u64::from(p.min_cached_init_gas) * MIN_CACHED_GAS_UNITS,
            };
            ret::<ArbWasm::minInitGasCall>(&gas, params)
        }
        Call::initCostScalar(_) => ret::<ArbWasm::initCostScalarCall>(
            &(u64::from(p.init_cost_scalar) * COST_SCALAR_PERCENT),
            params,
        ),
        Call::codehashVersion(c) => match program_of(tx, &c.codehash) {
            Some(program) => {
                ret::<ArbWasm::codehashVersionCall>(&program.stylus_version, params + 1)
            }
            None => not_activated(),
        },
        // Nitro keeps the estimate in KiB.
        Call::codehashAsmSize(c) => match program_of(tx, &c.codehash) {
            Some(program) => ret::<ArbWasm::codehashAsmSizeCall>(
                &(program.asm_estimate.div_ceil(1024) * 1024),
                params + 1,
            ),
            None => not_activated(),
        },
        Call::programVersion(c) => match program_at(tx, &c.program) {
            Some(program) => {
                ret::<ArbWasm::programVersionCall>(&program.stylus_version, params + 1)
            }
            None => not_activated(),
        },
        // Nitro's `ProgramInitGas`: from Stylus version 2 on, the uncached figure includes
        // the cached one, as every call pays both.
        Call::programInitGas(c) => match program_at(tx, &c.program) {
            Some(program) => {
                let cached = program.cached_gas(p.min_cached_init_gas, p.cached_cost_scalar);
                let mut gas = program.init_gas(p.min_init_gas, p.init_cost_scalar);
                if program.stylus_version > 1 {
                    gas += cached;
                }
                let answer = ArbWasm::programInitGasReturn {
                    gas,
                    gasWhenCached: cached,
                };
                ret::<ArbWasm::programInitGasCall>(&answer, params + 1)
            }
            None => not_activated(),
        },
        Call::programMemoryFootprint(c) => match program_at(tx, &c.program) {
            Some(program) => {
                ret::<ArbWasm::programMemoryFootprintCall>(&program.footprint, params + 1)
            }
            None => not_activated(),
        },
        // run by `activate_program` before the other methods
        Call::activateProgram(_) => Ok(None),
        // Programs do not age on the devnet: an active one has its whole lifetime left, and a
        // keepalive is always too soon (its age is zero).
        Call::programTimeLeft(c) => match program_at(tx, &c.program) {
            Some(_) => {
                ret::<ArbWasm::programTimeLeftCall>(&(u64::from(EXPIRY_DAYS) * 86_400), params + 1)
            }
            None => not_activated(),
        },
        Call::codehashKeepalive(c) => match program_of(tx, &c.codehash) {
            Some(_) => Ok(Some((
                Answer::Error(ArbWasm::ProgramKeepaliveTooSoon { ageInSeconds: 0 }.abi_encode()),
                params + 1,
            ))),
            None => not_activated(),
        },
        // Nitro's initial parameters (`programs/params.go`)
        Call::expiryDays(_) => ret::<ArbWasm::expiryDaysCall>(&EXPIRY_DAYS, params),
        Call::keepaliveDays(_) => ret::<ArbWasm::keepaliveDaysCall>(&KEEPALIVE_DAYS, params),
        Call::pageRamp(_) => ret::<ArbWasm::pageRampCall>(&PAGE_RAMP, params),
        Call::blockCacheSize(_) => ret::<ArbWasm::blockCacheSizeCall>(&BLOCK_CACHE_SIZE, params),
    }
}

fn arb_wasm_cache(tx: &TxState, msg: &Message) -> Outcome {
    use ArbWasmCache::ArbWasmCacheCalls as Call;
    let Ok(call) = Call::abi_decode(&msg.input) else {
        return Ok(None);
    };
    match call {
        // Opening the state, then the manager set's entry for the address.
        Call::isCacheManager(c) => {
            ret::<ArbWasmCache::isCacheManagerCall>(&(c.manager == CACHE_MANAGER), 2)
        }
        // Opening the state, the set's size, then one read per member.
        Call::allCacheManagers(_) => {
            ret::<ArbWasmCache::allCacheManagersCall>(&vec![CACHE_MANAGER], 3)
        }
        Call::codehashIsCached(c) => {
            ret::<ArbWasmCache::codehashIsCachedCall>(&tx.is_cached(&c.codehash), 2)
        }
        // run by `set_program_cached` before the other methods
        Call::cacheProgram(_) | Call::evictCodehash(_) | Call::cacheCodehash(_) => Ok(None),
    }
}

/// The last ArbOS version with `ArbWasmCache.cacheCodehash`, and the first with
/// `cacheProgram` (Nitro's `ArbosVersion_Stylus` and `ArbosVersion_StylusFixes`).
const ARBOS_STYLUS: u64 = 30;
/// `params.ColdAccountAccessCostEIP2929`: what Nitro's ArbOS storage charges for reading an
/// account's codehash (`cacheProgram`).
const CODEHASH_READ: u64 = 2_600;
/// An ArbOS storage write of a non-zero word (`params.SstoreSetGasEIP2200`).
const ARBOS_WRITE: u64 = 20_000;

/// `ArbWasmCache.cacheProgram(address)`, `evictCodehash(bytes32)` and the deprecated
/// `cacheCodehash(bytes32)` (`ArbWasmCache.go` `setProgramCached`, `programs.go`
/// `SetProgramCached`); `None` for the other methods. In Nitro's order: the codehash of the
/// address's code (`cacheProgram`); a caller that is not a cache manager burns all its gas;
/// the Stylus parameters and the program's entry are read; caching a program that is not
/// active at the current Stylus version is `ProgramNeedsUpgrade(version, stylusVersion)`
/// (version 0 when it was never activated); a program already in the requested state changes
/// nothing; otherwise `UpdateProgramCache(manager, codehash, cached)` is emitted, the
/// program's init cost (its activation-time `init_cost`, not the init gas) is burnt, the
/// module hash is read and the program's entry written, and the program is cached or
/// evicted.
fn set_program_cached(tx: &mut TxState, msg: &Message, args_cost: u64) -> Option<FrameResult> {
    use ArbWasmCache::ArbWasmCacheCalls as Call;
    let consumed = || FrameResult::err(FrameError::Revert, 0);
    let call = Call::abi_decode(&msg.input).ok()?;
    let arbos_version = tx.env.params.arbos_version;
    // (the program's address for `cacheProgram`, the codehash otherwise; cache or evict)
    let (program, codehash, cache) = match call {
        Call::cacheProgram(c) if arbos_version > ARBOS_STYLUS => (Some(c.addr), B256::ZERO, true),
        Call::cacheCodehash(c) if arbos_version <= ARBOS_STYLUS => (None, c.codehash, true),
        Call::evictCodehash(c) => (None, c.codehash, false),
        // a method that does not exist at this ArbOS version
        Call::cacheProgram(_) | Call::cacheCodehash(_) => return Some(consumed()),
        _ => return None,
    };
    if msg.is_static {
        return Some(consumed());
    }
    let mut gas = Gas(msg.gas);
    // Opening the state and the arguments; the codehash of the program's account.
    if !gas.burn(ARBOS_READ + args_cost) {
        return Some(consumed());
    }
    let codehash = match program {
        Some(address) => {
            if !gas.burn(CODEHASH_READ) {
                return Some(consumed());
            }
            tx.codehash(&address)
        }
        None => codehash,
    };
    // The caller must be a cache manager (one read) or a chain owner (another read; the
    // devnet has none): anyone else burns all the gas.
    if msg.caller != CACHE_MANAGER {
        return Some(consumed());
    }
    // The manager set, the Stylus parameters, then the program's entry.
    if !gas.burn(3 * ARBOS_READ) {
        return Some(consumed());
    }
    let stylus_version = tx.env.params.stylus_version;
    let program = program_of(tx, &codehash);
    let version = program.as_ref().map_or(0, |p| p.stylus_version);
    if cache && version != stylus_version {
        let data = ArbWasm::ProgramNeedsUpgrade {
            version,
            stylusVersion: stylus_version,
        }
        .abi_encode();
        if !gas.burn(COPY_GAS * (data.len() as u64).div_ceil(32)) {
            return Some(consumed());
        }
        return Some(FrameResult {
            error: Some(FrameError::Revert),
            output: data,
            gas_left: gas.0,
        });
    }
    if tx.is_cached(&codehash) == cache {
        return Some(FrameResult::ok(Vec::new(), gas.0));
    }
    // Only an activated program can be cached, so one that is being evicted is one too.
    let Some(program) = program else {
        return Some(FrameResult::ok(Vec::new(), gas.0));
    };
    let event = ArbWasmCache::UpdateProgramCache {
        manager: msg.caller,
        codehash,
        cached: cache,
    };
    let log = alloy_sol_types::SolEvent::encode_log_data(&event);
    let log_gas = 375 + 375 * log.topics().len() as u64 + 8 * log.data.len() as u64;
    // The event, the init cost, the module hash and the program's entry written back.
    let cost = log_gas + u64::from(program.init_cost) + ARBOS_READ + ARBOS_WRITE;
    if !gas.burn(cost) {
        return Some(consumed());
    }
    tx.add_log(Log {
        address: ARB_WASM_CACHE,
        topics: log.topics().to_vec(),
        data: log.data.to_vec(),
    });
    tx.set_cached(codehash, cache);
    Some(FrameResult::ok(Vec::new(), gas.0))
}

/// The gas a precompile's method has left.
struct Gas(u64);

impl Gas {
    /// Burns `cost`; false (and nothing burnt) if there is not that much left.
    fn burn(&mut self, cost: u64) -> bool {
        match self.0.checked_sub(cost) {
            Some(left) => {
                self.0 = left;
                true
            }
            None => false,
        }
    }
}

/// `ExpiryDays`, `KeepaliveDays`, `PageRamp` and `BlockCacheSize` as Nitro initialises them.
const EXPIRY_DAYS: u16 = 365;
const KEEPALIVE_DAYS: u16 = 31;
const PAGE_RAMP: u64 = 620_674_314;
const BLOCK_CACHE_SIZE: u16 = 32;

/// The gas `ArbWasm.activateProgram` burns before anything else (`ArbWasm.go`).
const ACTIVATION_FIXED_GAS: u64 = 1_659_168;

/// Where activation data fees go: the devnet's stand-in for ArbOS's network fee account.
pub const NETWORK_FEE_ACCOUNT: Address = Address::ZERO;

/// Where the devnet keeps ArbOS state that transactions change (the activation data
/// pricer's demand and last update time), in storage so that it is journaled with the rest:
/// ArbOS's own state account (`0xA4B05FFF…FF`).
pub const ARBOS_STATE: Address = Address::new([
    0xA4, 0xB0, 0x5F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF,
]);
const DEMAND_SLOT: B256 = B256::with_last_byte(1);
const PRICER_TIME_SLOT: B256 = B256::with_last_byte(2);

/// `ArbWasm.activateProgram(program)` (`ArbWasm.go` `ActivateProgram`, `programs.go`
/// `ActivateProgram`, `data_pricer.go`): burns the fixed activation gas, then: a program
/// whose codehash is already active is `ProgramUpToDate`; no code is `ProgramNotWasm`; code
/// that is not Stylus code reverts with no data; code that fails activation takes all gas.
/// Otherwise the measured activation gas is charged, the codehash becomes active (callable
/// at every address that holds that code, from now on in this transaction), the data fee
/// (wei) goes from the value sent to the network fee account and the rest back to the
/// caller, and `ProgramActivated` is emitted. Returns `(version, dataFee)`.
fn activate_program(tx: &mut TxState, msg: &Message, args_cost: u64) -> FrameResult {
    let consumed = FrameResult::err(FrameError::Revert, 0);
    if msg.is_static {
        return consumed;
    }
    let Ok(call) = ArbWasm::activateProgramCall::abi_decode(&msg.input) else {
        return consumed;
    };
    let Some(mut gas) = msg
        .gas
        .checked_sub(args_cost + ACTIVATION_FIXED_GAS + 2 * ARBOS_READ)
    else {
        return consumed;
    };
    let error = |data: Vec<u8>, gas: u64| FrameResult {
        error: Some(FrameError::Revert),
        output: data,
        gas_left: gas,
    };
    let program = call.program;
    let codehash = tx.codehash(&program);
    if tx.program(&codehash).is_some() {
        return error(ArbWasm::ProgramUpToDate {}.abi_encode(), gas);
    }
    let code = tx.code(&program);
    if code.is_empty() {
        return error(ArbWasm::ProgramNotWasm {}.abi_encode(), gas);
    }
    if code.len() < 4 || code[..3] != crate::activation::STYLUS_PREFIX {
        return error(Vec::new(), gas);
    }
    let p = &tx.env.params;
    let config = ActivationConfig {
        arbos_version: p.arbos_version,
        stylus_version: p.stylus_version,
        page_limit: p.page_limit.saturating_sub(tx.open_pages),
        max_wasm_size: p.max_wasm_size,
        max_code_size: p.max_code_size,
    };
    let Ok(activated) = crate::activation::activate_with(&code, &config) else {
        return consumed;
    };
    let measured = activated
        .activation_gas
        .saturating_sub(ACTIVATION_FIXED_GAS);
    let Some(left) = gas.checked_sub(measured) else {
        return consumed;
    };
    gas = left;
    let version = activated.stylus_version;
    let asm_estimate = activated.asm_estimate;
    let module_hash = alloy_primitives::keccak256(&activated.instrumented);
    let Ok(compiled) = crate::host::compile(activated) else {
        return consumed;
    };
    tx.add_program(codehash, Arc::new(compiled));

    let data_fee = data_fee(tx, asm_estimate);
    if msg.value < data_fee {
        let data = ArbWasm::ProgramInsufficientValue {
            have: msg.value,
            want: data_fee,
        };
        return error(data.abi_encode(), gas);
    }
    // the value sent is ArbWasm's now: the fee to the network, the rest back to the caller
    tx.transfer(ARB_WASM, NETWORK_FEE_ACCOUNT, data_fee);
    tx.transfer(ARB_WASM, msg.caller, msg.value - data_fee);
    let event = ArbWasm::ProgramActivated {
        codehash,
        moduleHash: module_hash,
        program,
        dataFee: data_fee,
        version,
    };
    let log = alloy_sol_types::SolEvent::encode_log_data(&event);
    let log_gas = 375 + 375 * log.topics().len() as u64 + 8 * log.data.len() as u64;
    let output =
        ArbWasm::activateProgramCall::abi_encode_returns(&ArbWasm::activateProgramReturn {
            version,
            dataFee: data_fee,
        });
    let Some(left) = gas.checked_sub(log_gas + COPY_GAS * (output.len() as u64).div_ceil(32))
    else {
        return consumed;
    };
    tx.add_log(Log {
        address: ARB_WASM,
        topics: log.topics().to_vec(),
        data: log.data.to_vec(),
    });
    FrameResult::ok(output, left)
}

/// The activation data fee in wei for `asm_estimate` bytes (`data_pricer.go` `UpdateModel`
/// with Nitro's initial parameters): demand decays by 34,865 bytes a second, grows by the
/// program's estimate, and sets the price per byte above the 82,928,201 wei minimum as
/// `e^(demand / 21,360,419)`. The demand is kept in ArbOS state, so it is journaled.
fn data_fee(tx: &mut TxState, asm_estimate: u32) -> U256 {
    const BYTES_PER_SECOND: u64 = 34_865;
    const INERTIA: u64 = 21_360_419;
    const MIN_PRICE: u64 = 82_928_201;
    let demand: u64 = U256::from_be_bytes(tx.storage(&ARBOS_STATE, &DEMAND_SLOT).0).saturating_to();
    let last: u64 =
        U256::from_be_bytes(tx.storage(&ARBOS_STATE, &PRICER_TIME_SLOT).0).saturating_to();
    let now = tx.env.block.timestamp;
    let passed = now.saturating_sub(last).min(u64::from(u32::MAX));
    let demand = demand
        .saturating_sub(BYTES_PER_SECOND.saturating_mul(passed))
        .saturating_add(u64::from(asm_estimate));
    tx.set_storage(ARBOS_STATE, DEMAND_SLOT, U256::from(demand).into());
    tx.set_storage(ARBOS_STATE, PRICER_TIME_SLOT, U256::from(now).into());
    let exponent = 10_000u128 * u128::from(demand) / u128::from(INERTIA);
    let multiplier = approx_exp_bips(exponent, 12);
    let per_byte = u128::from(MIN_PRICE).saturating_mul(multiplier) / 10_000;
    U256::from(per_byte).saturating_mul(U256::from(asm_estimate))
}

/// `arbmath.ApproxExpBasisPoints`: e^(x / 10,000) in basis points, by a Taylor series of
/// `accuracy` terms (non-negative inputs only, as the data pricer's).
fn approx_exp_bips(x: u128, accuracy: u128) -> u128 {
    const ONE: u128 = 10_000;
    let mut res = x / accuracy + ONE;
    let mut i = accuracy - 1;
    while i > 0 {
        res = res.saturating_mul(x) / (i * ONE) + ONE;
        i -= 1;
    }
    res
}
