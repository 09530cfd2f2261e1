//! End-to-end tests of the `lst` binary, in one binary: `offline` needs no chain, `node`
//! runs against the devnet's JSON-RPC server; the helpers are in `common`.

mod common;

mod node;
mod offline;
