// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.37;

/// @notice The part of ArbWasm (precompile 0x71) the cache manager reads.
interface IArbWasm {
    /// @notice The estimated size in bytes of the activated program with `codehash`'s native
    ///         code; reverts with ArbWasm's `ProgramNotActivated()` if it is not activated.
    function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
}

/// @notice The part of ArbWasmCache (precompile 0x72) the cache manager calls.
interface IArbWasmCache {
    /// @notice Whether the program with `codehash` is in ArbOS's program cache.
    function codehashIsCached(bytes32 codehash) external view returns (bool);

    /// @notice Caches the program whose code `program` holds (cache managers only).
    function cacheProgram(address program) external;

    /// @notice Evicts the program with `codehash` from the cache (cache managers only).
    function evictCodehash(bytes32 codehash) external;
}

/// @title CacheManager-compatible program cache manager
/// @notice The devnet's contract at 0x0f1f89aaf1c6fdb7ff9d361e4388f5f3997f12a8, the cache manager
///         of nitro-testnode's local chain and the one `ArbWasmCache.allCacheManagers()` names on
///         the devnet: what `cargo stylus cache status`, `cache suggest-bid` and `cache bid` talk
///         to. It has Arbitrum's CacheManager interface for them (the same selectors, return
///         types, errors and events). Programs are cached by bidding: the cache holds programs'
///         native code up to `cacheSize()` bytes; `placeBid(program)` with a value caches the
///         program (`ArbWasmCache.cacheProgram`), evicting the lowest bids first
///         (`ArbWasmCache.evictCodehash`) when it does not fit, and refuses a bid lower than the
///         highest of those it would evict (`BidTooSmall`). `getMinBid` says what a bid must be:
///         0 while the program fits.
/// @dev Differences from Arbitrum's CacheManager, for a devnet:
///      - no owner and no owner functions (`setCacheSize`, `setDecayRate`, `paused`, `unpause`,
///        `evictAll`, `evictPrograms`, `sweepFunds`), and no `makeSpace`: the cache size is
///        storage slot 0 (zero, as at genesis, means `DEFAULT_CACHE_SIZE`, 64 MiB) and the pause
///        flag slot 1, which a test sets with `anvil_setStorageAt`;
///      - no decay: a bid is the value sent, forever (`decay()` is 0);
///      - the value bid stays in this contract (there is no network fee account to sweep it to);
///      - the queue is a plain array, scanned for the lowest bid (gas grows with the number of
///        entries: about 130 at most in the default cache), rather than a heap; among equal
///        lowest bids the one evicted is the first found;
///      - a size is rounded up to `MIN_CODE_SIZE` before it is compared with the cache size, in
///        `getMinBid(uint64)` as in `placeBid`; `AsmTooLarge` carries the queue size there too.
contract CacheManager {
    /// @notice A cached program: its code hash, its native code size and its bid (wei).
    struct Entry {
        bytes32 code;
        uint64 size;
        uint192 bid;
    }

    /// @notice ArbWasm, the Stylus precompile.
    IArbWasm public constant ARB_WASM = IArbWasm(address(0x71));
    /// @notice ArbWasmCache, the program cache's precompile.
    IArbWasmCache public constant ARB_WASM_CACHE = IArbWasmCache(address(0x72));
    /// @notice The cache size while storage slot 0 is zero: 64 MiB, room for a hundred or so
    ///         programs (Nitro's native size estimate of a program is at least 512,000 bytes).
    uint64 public constant DEFAULT_CACHE_SIZE = 64 * 1024 * 1024;
    /// @notice The smallest size a program counts for: 4 KiB.
    uint64 public constant MIN_CODE_SIZE = 4 * 1024;

    /// @dev Slot 0: the cache size in bytes; zero means `DEFAULT_CACHE_SIZE`.
    uint256 private cacheSizeSetting;
    /// @notice Whether bids are refused (slot 1, alone; set only through storage on the devnet).
    bool public isPaused;
    /// @dev Slot 2: the cached programs, in no order.
    Entry[] private entries;
    /// @notice The bytes taken by the cached programs (slot 3).
    uint64 public queueSize;

    /// @notice A bid cached `program`, whose code hash is `codehash`.
    event InsertBid(bytes32 indexed codehash, address program, uint192 bid, uint64 size);
    /// @notice The program with `codehash` was evicted to make space.
    event DeleteBid(bytes32 indexed codehash, uint192 bid, uint64 size);

    /// @notice The program is larger than the whole cache.
    error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize);
    /// @notice The program is cached already.
    error AlreadyCached(bytes32 codehash);
    /// @notice The value sent does not fit a bid (192 bits).
    error BidTooLarge(uint256 bid);
    /// @notice The bid is lower than the highest bid it would evict.
    error BidTooSmall(uint192 bid, uint192 min);
    /// @notice Bids are paused.
    error BidsArePaused();
    /// @notice The program is not activated (ArbWasm's error, passed on as it is).
    error ProgramNotActivated();

    /// @notice The cache's size in bytes.
    function cacheSize() public view returns (uint64) {
        uint256 size = cacheSizeSetting;
        if (size == 0) return DEFAULT_CACHE_SIZE;
        return size > type(uint64).max ? type(uint64).max : uint64(size);
    }

    /// @notice The decay rate of bids per second: always 0 here.
    function decay() external pure returns (uint64) {
        return 0;
    }

    /// @notice The cached programs, in no order.
    function getEntries() external view returns (Entry[] memory) {
        return entries;
    }

    /// @notice The least bid that caches a program of `size` bytes now: 0 while it fits, else
    ///         the highest of the bids that would be evicted, lowest first, to make it fit.
    function getMinBid(uint64 size) public view returns (uint192 min) {
        if (size < MIN_CODE_SIZE) size = MIN_CODE_SIZE;
        uint64 limit = cacheSize();
        if (size > limit) revert AsmTooLarge(size, queueSize, limit);
        uint256 queue = queueSize;
        Entry[] memory queued = entries;
        uint256 count = queued.length;
        while (queue + size > limit && count != 0) {
            uint256 i = lowest(queued, count);
            min = queued[i].bid;
            queue -= queued[i].size;
            queued[i] = queued[--count];
        }
    }

    /// @notice The least bid that caches the activated program with `codehash` now.
    function getMinBid(bytes32 codehash) public view returns (uint192) {
        return getMinBid(asmSize(codehash));
    }

    /// @notice The least bid that caches the activated program at `program` now.
    function getMinBid(address program) external view returns (uint192) {
        return getMinBid(program.codehash);
    }

    /// @notice Caches the activated program at `program` with a bid of the value sent, evicting
    ///         the lowest bids until it fits.
    function placeBid(address program) external payable {
        if (isPaused) revert BidsArePaused();
        bytes32 codehash = program.codehash;
        if (ARB_WASM_CACHE.codehashIsCached(codehash)) revert AlreadyCached(codehash);
        uint64 size = asmSize(codehash);
        uint64 limit = cacheSize();
        if (size > limit) revert AsmTooLarge(size, queueSize, limit);
        if (msg.value > type(uint192).max) revert BidTooLarge(msg.value);
        uint192 bid = uint192(msg.value);

        uint256 queue = queueSize;
        uint192 min;
        while (queue + size > limit) {
            uint256 i = lowestQueued();
            Entry memory evicted = entries[i];
            min = evicted.bid;
            queue -= evicted.size;
            entries[i] = entries[entries.length - 1];
            entries.pop();
            arbWasmCache(abi.encodeCall(IArbWasmCache.evictCodehash, (evicted.code)));
            emit DeleteBid(evicted.code, evicted.bid, evicted.size);
        }
        // A bid equal to the highest one evicted is enough.
        if (bid < min) revert BidTooSmall(bid, min);

        arbWasmCache(abi.encodeCall(IArbWasmCache.cacheProgram, (program)));
        entries.push(Entry({code: codehash, size: size, bid: bid}));
        queueSize = uint64(queue + size);
        emit InsertBid(codehash, program, bid, size);
    }

    /// @dev The program's native code size, at least `MIN_CODE_SIZE`; ArbWasm's error (such as
    ///      `ProgramNotActivated()`) is passed on.
    function asmSize(bytes32 codehash) private view returns (uint64) {
        uint64 size = ARB_WASM.codehashAsmSize(codehash);
        return size < MIN_CODE_SIZE ? MIN_CODE_SIZE : size;
    }

    /// @dev The index of the first of the lowest bids among the first `count` of `queued`.
    function lowest(Entry[] memory queued, uint256 count) private pure returns (uint256 index) {
        for (uint256 i = 1; i < count; i++) {
            if (queued[i].bid < queued[index].bid) index = i;
        }
    }

    /// @dev The index of the first of the lowest bids in the queue (not empty).
    function lowestQueued() private view returns (uint256 index) {
        uint256 count = entries.length;
        uint192 min = entries[0].bid;
        for (uint256 i = 1; i < count; i++) {
            uint192 bid = entries[i].bid;
            if (bid < min) (index, min) = (i, bid);
        }
    }

    /// @dev Calls ArbWasmCache with `data`, passing its revert on. A plain call: on the devnet
    ///      the precompile's account has no code, which Solidity's checked call to a function
    ///      that returns nothing refuses.
    function arbWasmCache(bytes memory data) private {
        (bool ok, bytes memory reason) = address(ARB_WASM_CACHE).call(data);
        if (!ok) {
            assembly {
                revert(add(reason, 32), mload(reason))
            }
        }
    }
}
