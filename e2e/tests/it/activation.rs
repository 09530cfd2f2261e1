//! The artifact against Nitro's real limits (24,576 bytes compressed, 128 KiB of wasm):
//! the harness deploys with raised limits only while `TEMPORARY_SIZE_LIMIT_OVERRIDE` is set.

use lst_registry_client::devnet::TEMPORARY_SIZE_LIMIT_OVERRIDE;
use stylus_devnet::{activate, ActivationConfig, Devnet};

use crate::common::wasm;

#[test]
fn the_artifact_passes_activation_with_nitros_real_limits() {
    let config = ActivationConfig::default();
    assert_eq!(
        (config.max_code_size, config.max_wasm_size),
        (24_576, 128 * 1024)
    );
    match activate(wasm()) {
        Ok(program) => {
            assert!(program.code.len() <= 24_576);
            assert!(
                program.footprint <= 2,
                "{} initial pages cost memory gas on every call",
                program.footprint
            );
        }
        Err(e) => panic!("the artifact does not activate on Nitro: {e}"),
    }
    // and it deploys on a devnet with the default parameters
    let mut net = Devnet::new();
    net.deploy_at(alloy_primitives::Address::repeat_byte(0x42), wasm())
        .unwrap_or_else(|e| panic!("deploying with Nitro's limits: {e}"));
}

#[test]
fn the_size_limit_override_is_gone_once_the_artifact_fits() {
    if activate(wasm()).is_ok() {
        assert!(
            TEMPORARY_SIZE_LIMIT_OVERRIDE.is_none(),
            "the artifact fits Nitro's limits: set TEMPORARY_SIZE_LIMIT_OVERRIDE to None in e2e/src/artifact.rs"
        );
    }
}
