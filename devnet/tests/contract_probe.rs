//! Loads the contract's wasm if it has been built; never fails when it is absent.
use stylus_devnet::*;

#[test]
fn probe_contract_wasm_if_built() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/wasm32-unknown-unknown/release/lst_registry.wasm"
    );
    let Ok(wasm) = std::fs::read(path) else {
        eprintln!("skipped: {path} not built");
        return;
    };
    match activate(&wasm) {
        Ok(p) => eprintln!(
            "activated: {} bytes wasm, {} bytes code, init_cost {}, cached {}, footprint {}",
            p.wasm.len(),
            p.code.len(),
            p.init_cost,
            p.cached_init_cost,
            p.footprint
        ),
        Err(e) => {
            eprintln!("activation of the raw rustc output failed (expected until normalised): {e}")
        }
    }
}

#[test]
fn probe_normalised_contract_if_built() {
    use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/wasm32-unknown-unknown/release/lst_registry.wasm"
    );
    let Ok(wasm) = std::fs::read(path) else {
        return;
    };
    // drop custom sections and re-encode (what a normaliser such as wasm-opt does)
    let mut module = wasm_encoder::Module::new();
    let mut stripped = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm).flatten() {
        if let Some((id, range)) = payload.as_section() {
            if id != 0 {
                stripped.push((id, &wasm[range.start as usize..range.end as usize]));
            }
        }
    }
    for (id, data) in stripped {
        module.section(&wasm_encoder::RawSection { id, data });
    }
    let raw = module.finish();
    let mut out = wasm_encoder::Module::new();
    if RoundtripReencoder
        .parse_core_module(&mut out, wasmparser::Parser::new(0), &raw)
        .is_err()
    {
        return;
    }
    let normalised = out.finish();
    match activate(&normalised) {
        Ok(p) => eprintln!(
            "normalised: activated {} bytes wasm, {} bytes code",
            p.wasm.len(),
            p.code.len()
        ),
        Err(e) => eprintln!("normalised: {e}"),
    }
    // the remaining rules, with the size limits lifted (diagnostics only)
    let lifted = ActivationConfig {
        max_wasm_size: 1 << 22,
        max_code_size: 1 << 22,
        ..Default::default()
    };
    match stylus_devnet::activation::activate_with(&normalised, &lifted) {
        Ok(p) => eprintln!(
            "normalised, size limits lifted: activates ({} bytes of code)",
            p.code.len()
        ),
        Err(e) => eprintln!("normalised, size limits lifted: {e}"),
    }
}
