//! Storage and transient storage, with Nitro's per-invocation storage cache (`arbutil/src/evm/storage.rs`).

use super::*;

pub(super) struct StorageWord {
    value: B256,
    known: Option<B256>,
}

/// Per-invocation storage cache (`arbutil/src/evm/storage.rs`).
#[derive(Default)]
pub(super) struct StorageCache {
    slots: HashMap<B256, StorageWord>,
    reads: usize,
    writes: usize,
}

impl StorageCache {
    pub(super) fn read_gas(&mut self) -> u64 {
        self.reads += 1;
        match self.reads {
            0..=32 => 0,
            33..=128 => 2,
            _ => 10,
        }
    }

    pub(super) fn write_gas(&mut self) -> u64 {
        self.writes += 1;
        match self.writes {
            0..=8 => 0,
            9..=64 => 7,
            _ => 10,
        }
    }
}

pub(super) fn storage_load_bytes32(c: &mut C, key: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::STORAGE_LOAD)?;
    let arbos = c.env().tx.env.params.arbos_version;
    let api_gas = if arbos < 32 {
        pricing::EVM_API_INK
    } else {
        pricing::ink_to_gas(pricing::EVM_API_INK, c.ink_price())
    };
    c.require_gas(evm::COLD_SLOAD_GAS + evm::STORAGE_REQUIRED_ACCESS_GAS + api_gas)?;
    let key = c.read_b256(key)?;
    let env = c.env_mut();
    let mut cost = env.cache.read_gas();
    let value = match env.cache.slots.get(&key) {
        Some(word) => word.value,
        None => {
            let address = env.frame.address;
            let cold = env.tx.warm_slot(address, key);
            let access = if cold {
                evm::COLD_SLOAD_GAS
            } else {
                evm::WARM_READ_GAS
            };
            let value = env.tx.storage(&address, &key);
            cost = cost.saturating_add(access).saturating_add(api_gas);
            env.cache.slots.insert(
                key,
                StorageWord {
                    value,
                    known: Some(value),
                },
            );
            value
        }
    };
    c.buy_gas(cost)?;
    c.write_slice(dest, value.as_slice())?;
    c.trace(&[key.as_slice()], &[value.as_slice()])
}

pub(super) fn storage_cache_bytes32(c: &mut C, key: u32, value: u32) -> HostResult<()> {
    c.buy_ink(hostio::STORAGE_CACHE)?;
    c.require_gas(evm::SSTORE_SENTRY_GAS + evm::STORAGE_REQUIRED_ACCESS_GAS)?;
    let key = c.read_b256(key)?;
    let value = c.read_b256(value)?;
    let cache = &mut c.env_mut().cache;
    let cost = cache.write_gas();
    cache
        .slots
        .entry(key)
        .and_modify(|w| w.value = value)
        .or_insert(StorageWord { value, known: None });
    c.buy_gas(cost)?;
    c.trace(&[key.as_slice(), value.as_slice()], &[])
}

pub(super) fn storage_flush_cache(c: &mut C, clear: u32) -> HostResult<()> {
    c.buy_ink(hostio::STORAGE_FLUSH)?;
    c.require_gas(evm::SSTORE_SENTRY_GAS)?;
    let gas_left = c.gas_left()?;
    let arbos = c.env().tx.env.params.arbos_version;
    let env = c.env_mut();
    // Nitro iterates a hash map; the order only matters on failure, which reverts anyway.
    let mut dirty = BTreeMap::new();
    for (key, word) in env.cache.slots.iter_mut() {
        if Some(word.value) != word.known {
            dirty.insert(*key, word.value);
            word.known = Some(word.value);
        }
    }
    if clear != 0 {
        env.cache.slots.clear();
    }
    if dirty.is_empty() {
        return c.trace(&[&[u8::from(clear != 0)]], &[]);
    }
    if env.frame.is_static {
        return failure("storage_flush_cache: write protection (static call)");
    }
    let address = env.frame.address;
    let budget_start = gas_left.saturating_add(1);
    let mut budget = budget_start;
    let mut out_of_gas = false;
    for (key, value) in dirty {
        let tx = &mut env.tx;
        let cold = tx.warm_slot(address, key);
        let current = tx.storage(&address, &key);
        let original = tx.original_storage(&address, &key);
        let (cost, refund) = pricing::sstore_cost(&original.0, &current.0, &value.0, cold);
        if cost > budget {
            budget = 0;
            out_of_gas = true;
            break;
        }
        budget -= cost;
        tx.add_refund(refund);
        tx.set_storage(address, key, value);
    }
    let failed = out_of_gas || budget == 0;
    let charged = budget_start - budget;
    if arbos >= 32 {
        c.buy_gas(charged)?;
    }
    if failed {
        return if arbos >= 50 {
            c.out_of_ink()
        } else {
            failure("storage_flush_cache failed")
        };
    }
    c.trace(&[&[u8::from(clear != 0)]], &[])
}

pub(super) fn transient_load_bytes32(c: &mut C, key: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::TRANSIENT_LOAD)?;
    c.buy_gas(evm::TLOAD_GAS)?;
    let key = c.read_b256(key)?;
    let env = c.env();
    let value = env.tx.transient(&env.frame.address, &key);
    c.write_slice(dest, value.as_slice())?;
    c.trace(&[key.as_slice()], &[value.as_slice()])
}

pub(super) fn transient_store_bytes32(c: &mut C, key: u32, value: u32) -> HostResult<()> {
    c.buy_ink(hostio::TRANSIENT_STORE)?;
    c.buy_gas(evm::TSTORE_GAS)?;
    let key = c.read_b256(key)?;
    let value = c.read_b256(value)?;
    let env = c.env_mut();
    if env.frame.is_static {
        return failure("transient_store_bytes32: write protection (static call)");
    }
    let address = env.frame.address;
    env.tx.set_transient(address, key, value);
    c.trace(&[key.as_slice(), value.as_slice()], &[])
}
