// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.37;

/// ArbWasm as the deployer and the cache manager see it, for a node without Stylus (anvil): a
/// code hash is activated once, for a data fee of DATA_FEE wei; the rest of the value goes back
/// to the caller without a call (as Nitro's precompile does), here by a contract that destroys
/// itself in its creation. Every activated program's native code is ASM_SIZE bytes.
contract MockArbWasm {
    uint16 public constant VERSION = 2;
    uint256 public constant DATA_FEE = 0.001 ether;
    address public constant FEE_SINK = address(0xFEE);
    uint32 public constant ASM_SIZE = 512 * 1024;

    mapping(bytes32 => bool) public activated;

    event Activated(address program, uint256 value);

    error ProgramNotActivated();
    error ProgramInsufficientValue(uint256 have, uint256 want);

    function stylusVersion() external pure returns (uint16) {
        return VERSION;
    }

    function codehashVersion(bytes32 codehash) external view returns (uint16) {
        if (!activated[codehash]) revert ProgramNotActivated();
        return VERSION;
    }

    function codehashAsmSize(bytes32 codehash) external view returns (uint32) {
        if (!activated[codehash]) revert ProgramNotActivated();
        return ASM_SIZE;
    }

    function activateProgram(address program) external payable returns (uint16, uint256) {
        if (msg.value < DATA_FEE) revert ProgramInsufficientValue(msg.value, DATA_FEE);
        activated[program.codehash] = true;
        emit Activated(program, msg.value);
        payable(FEE_SINK).transfer(DATA_FEE);
        new Refund{value: msg.value - DATA_FEE}(payable(msg.sender));
        return (VERSION, DATA_FEE);
    }
}

/// ArbWasmCache as the cache manager sees it, for a node without Stylus (anvil): the cache is a
/// set of code hashes; only MANAGER (the genesis CacheManager's address) may change it, anyone
/// else burns all the gas given (as Nitro does); a change emits Nitro's UpdateProgramCache.
/// Whether a program is activated is not checked here (the manager asks ArbWasm first).
contract MockArbWasmCache {
    address public constant MANAGER = 0x0f1F89AAF1c6fDb7ff9D361E4388F5F3997f12A8;

    mapping(bytes32 => bool) public codehashIsCached;

    event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);

    function allCacheManagers() external pure returns (address[] memory managers) {
        managers = new address[](1);
        managers[0] = MANAGER;
    }

    function cacheProgram(address program) external {
        set(program.codehash, true);
    }

    function evictCodehash(bytes32 codehash) external {
        set(codehash, false);
    }

    function set(bytes32 codehash, bool cached) private {
        if (msg.sender != MANAGER) {
            assembly {
                invalid()
            }
        }
        if (codehashIsCached[codehash] == cached) return;
        codehashIsCached[codehash] = cached;
        emit UpdateProgramCache(msg.sender, codehash, cached);
    }
}

/// A contract whose code embeds `tag`: one code hash per tag, a program to cache on anvil.
contract Tagged {
    uint256 public immutable tag;

    constructor(uint256 t) {
        tag = t;
    }
}

/// Sends its value to `to` without calling it: created and destroyed in one go (EIP-6780).
contract Refund {
    constructor(address payable to) payable {
        selfdestruct(to);
    }
}

/// A contract initialised by a call after its creation, as a Stylus program with a constructor is.
contract InitProbe {
    uint256 public value;
    uint256 public paid;
    address public initializer;

    error AlreadyInitialised();

    function init(uint256 v) external payable {
        if (initializer != address(0)) revert AlreadyInitialised();
        value = v;
        paid = msg.value;
        initializer = msg.sender;
    }
}

/// A contract whose creation takes value.
contract PayableOnCreation {
    constructor() payable {}
}

/// A contract whose creation reverts with a reason.
contract RevertsWithReason {
    constructor() {
        revert("no");
    }
}

/// A contract whose creation reverts without data.
contract RevertsWithoutData {
    constructor() {
        assembly {
            revert(0, 0)
        }
    }
}

/// A plain ERC-20 (balances, allowances, the two events; no hooks, fees or permit), its whole
/// supply minted to its creator: the gas of a token transfer, compared across nodes.
contract PlainToken {
    string public constant name = "Plain";
    string public constant symbol = "PLAIN";
    uint8 public constant decimals = 18;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "allowance");
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        uint256 balance = balanceOf[from];
        require(balance >= value, "balance");
        balanceOf[from] = balance - value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
