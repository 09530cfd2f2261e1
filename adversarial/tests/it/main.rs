//! The adversarial tests of the artifact on the offline Stylus devnet, in one binary: the
//! access table, calldata fuzzing, signature replay and malleability, and random call
//! sequences checked against a reference model.

mod access_control;
mod calldata_fuzz;
mod signatures;
mod state_machine;
