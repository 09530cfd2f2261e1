//! Hostio semantics and gas, using a hand-written "command interpreter" program.
//!
//! Calldata is a sequence of commands; the output is what the commands appended.

mod calls;
mod execution;
mod storage;
pub(crate) mod tester;
