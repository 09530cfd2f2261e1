//! EVM frames: EVM bytecode runs in revm's interpreter (`revm-interpreter`, the interpreter
//! anvil and reth run) over the devnet's own state. There is no revm `Context` or `Database`:
//! [`TxState`] is revm's [`Host`], so an EVM frame reads and writes the same accounts,
//! storage, transient storage, warm sets, refund counter and logs as a Stylus frame, through
//! the same journal. A `CALL`/`CREATE` the interpreter asks for is run by the frame executor
//! ([`crate::exec`], through the [`Nested`] entry points it hands over), which picks the VM
//! of the callee: a Stylus program, EVM code, an ArbOS or Ethereum precompile. So
//! EVM→Stylus and Stylus→EVM calls nest to any depth and a revert anywhere undoes both VMs'
//! writes.
//!
//! Gas is revm's for [`SPEC`], the Ethereum hard fork of Nitro's ArbOS 50 chain rules.

use std::borrow::Cow;
use std::sync::OnceLock;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use revm_interpreter::context_interface::cfg::GasParams;
use revm_interpreter::context_interface::context::{SStoreResult, SelfDestructResult, StateLoad};
use revm_interpreter::context_interface::host::LoadError;
use revm_interpreter::context_interface::journaled_state::AccountInfoLoad;
use revm_interpreter::instructions::gas_table_spec;
use revm_interpreter::interpreter::{EthInterpreter, ExtBytecode, InputsImpl, SharedMemory};
use revm_interpreter::interpreter_types::ReturnData;
use revm_interpreter::primitives::hardfork::SpecId;
use revm_interpreter::state::{AccountInfo, Bytecode};
use revm_interpreter::{
    instruction_table, CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput,
    GasTable, Host, InstructionResult, InstructionTable, Interpreter, InterpreterAction,
    InterpreterResult,
};

use crate::frame::{CallKind, Creation, FrameError, FrameResult, Message, Nested};
use crate::state::{Log, TxState};

/// The Ethereum hard fork EVM frames follow: Osaka, which Nitro's chain rules enable from
/// ArbOS 50 (`params/config.go`: `IsOsaka` is `ArbosVersion >= 50`), without its
/// transaction gas cap (EIP-7825, which Arbitrum skips; the devnet applies no such cap).
pub(crate) const SPEC: SpecId = SpecId::OSAKA;

fn gas_params() -> &'static GasParams {
    static PARAMS: OnceLock<GasParams> = OnceLock::new();
    PARAMS.get_or_init(|| GasParams::new_spec(SPEC))
}

/// revm's instructions for [`SPEC`], but `BLOBBASEFEE` (0x4a), which Arbitrum does not support
/// (geth's `eips.go` on Arbitrum: an exceptional halt), halts as an undefined opcode.
static TABLE: InstructionTable<EthInterpreter, TxState> = {
    let mut table = instruction_table();
    table[0x4a] = revm_interpreter::Instruction::unknown();
    table
};
static GAS_TABLE: GasTable = gas_table_spec(SPEC);

/// Runs EVM `code` (hash `codehash`) as the frame of `msg`.
pub(crate) fn run_code(
    tx: &mut TxState,
    msg: &Message,
    code: &[u8],
    codehash: B256,
    nested: Nested<TxState>,
) -> FrameResult {
    let bytecode = tx.env.evm_code.get(codehash, code);
    let input = InputsImpl {
        target_address: msg.address,
        bytecode_address: Some(msg.code_address),
        caller_address: msg.caller,
        input: CallInput::Bytes(Bytes::copy_from_slice(&msg.input)),
        call_value: msg.value,
        depth: tx.depth,
    };
    let bytecode = ExtBytecode::new_with_hash(bytecode, codehash);
    let result = interpret(tx, bytecode, input, msg.is_static, msg.gas, nested);
    frame_result(tx, result)
}

/// Runs `init_code` as the constructor frame of a creation at `address`: its output.
pub(crate) fn run_init_code(
    tx: &mut TxState,
    creation: &Creation,
    address: Address,
    gas: u64,
    nested: Nested<TxState>,
) -> FrameResult {
    let input = InputsImpl {
        target_address: address,
        bytecode_address: None,
        caller_address: creation.caller,
        input: CallInput::Bytes(Bytes::new()),
        call_value: creation.value,
        depth: tx.depth,
    };
    let bytecode = ExtBytecode::new(Bytecode::new_legacy(Bytes::copy_from_slice(
        &creation.init_code,
    )));
    let result = interpret(tx, bytecode, input, false, gas, nested);
    frame_result(tx, result)
}

fn interpret(
    tx: &mut TxState,
    bytecode: ExtBytecode,
    input: InputsImpl,
    is_static: bool,
    gas: u64,
    nested: Nested<TxState>,
) -> InterpreterResult {
    let mut interpreter = Interpreter::<EthInterpreter>::new(
        SharedMemory::new(),
        bytecode,
        input,
        is_static,
        SPEC,
        gas,
    );
    loop {
        let action = if tx.tracer.is_some() {
            run_traced(&mut interpreter, tx)
        } else {
            interpreter.run_plain(&TABLE, &GAS_TABLE, tx)
        };
        match action {
            InterpreterAction::Return(result) => return result,
            InterpreterAction::NewFrame(FrameInput::Call(inputs)) => {
                let result = (nested.call)(tx, call_message(&interpreter, &inputs));
                insert_call_outcome(&mut interpreter, &inputs, result);
            }
            InterpreterAction::NewFrame(FrameInput::Create(inputs)) => {
                let (result, address) = (nested.create)(tx, creation(&inputs));
                insert_create_outcome(&mut interpreter, result, address);
            }
            InterpreterAction::NewFrame(FrameInput::Empty) => {
                return InterpreterResult::new(
                    InstructionResult::FatalExternalError,
                    Bytes::new(),
                    interpreter.gas,
                )
            }
        }
    }
}

/// `run_plain`, one instruction at a time, each recorded as a struct log.
fn run_traced(
    interpreter: &mut Interpreter<EthInterpreter>,
    tx: &mut TxState,
) -> InterpreterAction {
    use revm_interpreter::interpreter_types::{Jumps, LoopControl};
    let depth = tx.depth as u64;
    let stop = loop {
        let pc = interpreter.bytecode.pc() as u64;
        let op = interpreter.bytecode.opcode();
        let gas = interpreter.gas.remaining();
        let stack = interpreter.stack.data().clone();
        let result = interpreter.step(&TABLE, &GAS_TABLE, tx);
        let gas_cost = gas.saturating_sub(interpreter.gas.remaining());
        let error = match result {
            Err(r) if !r.is_ok() && !r.is_revert() && r != InstructionResult::Suspend => {
                match halt_error(r) {
                    FrameError::Halt(reason) => Some(reason),
                    FrameError::OutOfGas => Some("out of gas".to_owned()),
                    other => Some(format!("{other:?}")),
                }
            }
            _ => None,
        };
        if let Some(tracer) = tx.tracer.as_mut() {
            tracer.struct_log(crate::trace::StructLog {
                pc,
                op,
                gas,
                gas_cost,
                depth,
                stack,
                error,
            });
        }
        if let Err(stop) = result {
            break stop;
        }
    };
    if interpreter.bytecode.action().is_none() {
        interpreter.halt(stop);
    }
    interpreter.take_next_action()
}

/// The result of an interpreter run as a frame result; an EVM frame's refunds join the
/// transaction's counter when it succeeds (a Stylus frame adds its own as it goes).
fn frame_result(tx: &mut TxState, result: InterpreterResult) -> FrameResult {
    let gas_left = result.gas.remaining();
    let output = result.output.to_vec();
    match result.result {
        r if r.is_ok() => {
            tx.add_refund(result.gas.refunded());
            FrameResult::ok(output, gas_left)
        }
        InstructionResult::Revert => FrameResult {
            error: Some(FrameError::Revert),
            output,
            gas_left,
        },
        r => FrameResult::err(halt_error(r), 0),
    }
}

/// The EVM error of a halted frame, in geth's words (what `debug_traceTransaction` and a
/// failed receipt show).
pub(crate) fn halt_error(result: InstructionResult) -> FrameError {
    use InstructionResult as R;
    let reason = match result {
        R::OutOfGas
        | R::MemoryOOG
        | R::MemoryLimitOOG
        | R::PrecompileOOG
        | R::InvalidOperandOOG
        | R::ReentrancySentryOOG => return FrameError::OutOfGas,
        R::CallTooDeep => return FrameError::CallDepth,
        R::OutOfFunds => return FrameError::InsufficientBalance,
        R::OpcodeNotFound | R::InvalidFEOpcode | R::NotActivated => "invalid opcode",
        R::CallNotAllowedInsideStatic | R::StateChangeDuringStaticCall => "write protection",
        R::InvalidJump => "invalid jump destination",
        R::StackUnderflow => "stack underflow",
        R::StackOverflow => "stack limit reached 1024 (1023)",
        R::OutOfOffset => "return data out of bounds",
        R::CreateCollision => "contract address collision",
        R::NonceOverflow => "nonce uint64 overflow",
        R::CreateContractSizeLimit => "max code size exceeded",
        R::CreateContractStartingWithEF => "invalid code: must not begin with 0xef",
        R::CreateInitCodeSizeLimit => "max initcode size exceeded",
        R::OverflowPayment => "gas uint64 overflow",
        R::PrecompileError => "precompile failed",
        _ => "EVM execution halted",
    };
    FrameError::Halt(reason.to_owned())
}

/// The message of the call the interpreter asked for.
fn call_message(interpreter: &Interpreter<EthInterpreter>, inputs: &CallInputs) -> Message {
    let input = match &inputs.input {
        CallInput::SharedBuffer(range) if range.is_empty() => Vec::new(),
        CallInput::SharedBuffer(range) => interpreter
            .memory
            .global_slice_range(range.clone())
            .to_vec(),
        CallInput::Bytes(bytes) => bytes.to_vec(),
    };
    let kind = match inputs.scheme {
        CallScheme::Call => CallKind::Call,
        CallScheme::CallCode => CallKind::CallCode,
        CallScheme::DelegateCall => CallKind::DelegateCall,
        CallScheme::StaticCall => CallKind::StaticCall,
    };
    let value = match inputs.value {
        CallValue::Transfer(v) | CallValue::Apparent(v) => v,
    };
    Message {
        kind,
        caller: inputs.caller,
        address: inputs.target_address,
        code_address: inputs.bytecode_address,
        value,
        input,
        gas: inputs.gas_limit,
        is_static: inputs.is_static,
    }
}

fn insert_call_outcome(
    interpreter: &mut Interpreter<EthInterpreter>,
    inputs: &CallInputs,
    result: FrameResult,
) {
    let ok = result.error.is_none();
    let copies = ok || result.error == Some(FrameError::Revert);
    let out = inputs.return_memory_offset.clone();
    if copies && !out.is_empty() {
        let n = out.len().min(result.output.len());
        interpreter.memory.set(out.start, &result.output[..n]);
    }
    interpreter
        .return_data
        .set_buffer(Bytes::from(result.output));
    let _ = interpreter.stack.push(U256::from(u8::from(ok)));
    interpreter.gas.erase_cost(result.gas_left);
}

/// The creation the interpreter asked for.
fn creation(inputs: &CreateInputs) -> Creation {
    use revm_interpreter::context_interface::CreateScheme;
    let salt = match inputs.scheme() {
        CreateScheme::Create2 { salt } => Some(B256::from(salt)),
        _ => None,
    };
    Creation {
        caller: inputs.caller(),
        value: inputs.value(),
        init_code: inputs.init_code().to_vec(),
        gas: inputs.gas_limit(),
        salt,
    }
}

fn insert_create_outcome(
    interpreter: &mut Interpreter<EthInterpreter>,
    result: FrameResult,
    address: Option<Address>,
) {
    let ok = result.error.is_none();
    if result.error == Some(FrameError::Revert) {
        interpreter
            .return_data
            .set_buffer(Bytes::from(result.output));
    } else {
        interpreter.return_data.clear();
    }
    let word = match (ok, address) {
        (true, Some(address)) => address.into_word().into(),
        _ => U256::ZERO,
    };
    let _ = interpreter.stack.push(word);
    interpreter.gas.erase_cost(result.gas_left);
}

fn word(value: U256) -> B256 {
    B256::from(value)
}

impl Host for TxState {
    fn basefee(&self) -> U256 {
        self.env.block.basefee
    }

    /// Never read: `BLOBBASEFEE` halts (see the instruction table).
    fn blob_gasprice(&self) -> U256 {
        U256::ZERO
    }

    fn gas_limit(&self) -> U256 {
        U256::from(self.env.block.gas_limit)
    }

    /// Arbitrum's `DIFFICULTY` is 1.
    fn difficulty(&self) -> U256 {
        U256::from(1)
    }

    /// Arbitrum's `PREVRANDAO` is 1.
    fn prevrandao(&self) -> Option<U256> {
        Some(U256::from(1))
    }

    /// Arbitrum's `NUMBER` is the L1 block number estimate (as Stylus' `block_number`).
    fn block_number(&self) -> U256 {
        U256::from(self.env.block.l1_number)
    }

    fn timestamp(&self) -> U256 {
        U256::from(self.env.block.timestamp)
    }

    fn beneficiary(&self) -> Address {
        self.env.block.coinbase
    }

    fn slot_num(&self) -> U256 {
        U256::ZERO
    }

    fn chain_id(&self) -> U256 {
        U256::from(self.env.chain_id)
    }

    fn effective_gas_price(&self) -> U256 {
        self.env.gas_price
    }

    fn caller(&self) -> Address {
        self.env.origin
    }

    fn blob_hash(&self, _number: usize) -> Option<U256> {
        None
    }

    fn max_initcode_size(&self) -> usize {
        self.env.params.max_code_size.saturating_mul(2)
    }

    fn gas_params(&self) -> &GasParams {
        gas_params()
    }

    fn is_amsterdam_eip8037_enabled(&self) -> bool {
        false
    }

    /// The devnet keeps no L1 block hashes: a hash derived from the number, as a stand-in
    /// for Arbitrum's (which is not a secure source of randomness either).
    fn block_hash(&mut self, number: u64) -> Option<B256> {
        Some(keccak256(number.to_be_bytes()))
    }

    /// EIP-6780: the balance moves to `target`; the account is emptied only when it was
    /// created in this transaction (its storage is left: see the crate README).
    fn selfdestruct(
        &mut self,
        address: Address,
        target: Address,
        _skip_cold_load: bool,
    ) -> Result<StateLoad<SelfDestructResult>, LoadError> {
        let is_cold = self.warm_account(target);
        let balance = TxState::balance(self, &address);
        let target_exists = self.world.account(&target).is_some_and(|a| !a.is_empty());
        if target != address {
            self.transfer(address, target, balance);
        }
        if self.created_in_tx(&address) {
            self.set_balance(address, U256::ZERO);
            self.set_code(address, Vec::new());
            self.set_nonce(address, 0);
        }
        Ok(StateLoad::new(
            SelfDestructResult {
                had_value: !balance.is_zero(),
                target_exists,
                previously_destroyed: false,
            },
            is_cold,
        ))
    }

    fn log(&mut self, log: alloy_primitives::Log) {
        let (topics, data) = log.data.split();
        self.add_log(Log {
            address: log.address,
            topics,
            data: data.to_vec(),
        });
    }

    fn sstore_skip_cold_load(
        &mut self,
        address: Address,
        key: U256,
        value: U256,
        _skip_cold_load: bool,
    ) -> Result<StateLoad<SStoreResult>, LoadError> {
        let key = word(key);
        let is_cold = self.warm_slot(address, key);
        let original_value = self.original_storage(&address, &key).into();
        let present_value = self.storage(&address, &key).into();
        self.set_storage(address, key, word(value));
        Ok(StateLoad::new(
            SStoreResult {
                original_value,
                present_value,
                new_value: value,
            },
            is_cold,
        ))
    }

    fn sload_skip_cold_load(
        &mut self,
        address: Address,
        key: U256,
        _skip_cold_load: bool,
    ) -> Result<StateLoad<U256>, LoadError> {
        let key = word(key);
        let is_cold = self.warm_slot(address, key);
        Ok(StateLoad::new(self.storage(&address, &key).into(), is_cold))
    }

    fn tstore(&mut self, address: Address, key: U256, value: U256) {
        self.set_transient(address, word(key), word(value));
    }

    fn tload(&mut self, address: Address, key: U256) -> U256 {
        self.transient(&address, &word(key)).into()
    }

    fn load_account_info_skip_cold_load(
        &mut self,
        address: Address,
        load_code: bool,
        _skip_cold_load: bool,
    ) -> Result<AccountInfoLoad<'_>, LoadError> {
        let is_cold = self.warm_account(address);
        let (info, is_empty) = match self.world.account(&address) {
            None => (AccountInfo::default(), true),
            Some(account) => {
                let code = load_code.then(|| {
                    if account.code.is_empty() {
                        Bytecode::default()
                    } else {
                        self.env.evm_code.get(account.codehash, &account.code)
                    }
                });
                let info = AccountInfo {
                    balance: account.balance,
                    nonce: account.nonce,
                    code_hash: account.codehash,
                    code,
                    ..Default::default()
                };
                (info, account.is_empty())
            }
        };
        Ok(AccountInfoLoad {
            account: Cow::Owned(info),
            is_cold,
            is_empty,
        })
    }
}
