//! The deployable programs (`artifacts/lst_registry.wasm`, the core, and
//! `artifacts/lst_registry_views.wasm`, the views program, both written by
//! `cargo xtask artifact`) and the devnet parameters they are deployed with.

use std::path::PathBuf;

use stylus_devnet::{Devnet, StylusParams};

use crate::error::E2eError;

/// The core program's artifact, relative to the workspace root.
pub const ARTIFACT_PATH: &str = "artifacts/lst_registry.wasm";

/// The views program's artifact, relative to the workspace root.
pub const VIEWS_ARTIFACT_PATH: &str = "artifacts/lst_registry_views.wasm";

/// The registry's two programs: the core (constructor and state-changing functions) and the
/// views program it delegates its read-only functions to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programs {
    /// The core's wasm.
    pub core: Vec<u8>,
    /// The views program's wasm.
    pub views: Vec<u8>,
}

/// Raised Stylus size limits for deployments while the artifact is over Nitro's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeLimits {
    /// Largest decompressed wasm (Nitro: 128 KiB).
    pub max_wasm_size: usize,
    /// Largest compressed code with its 4-byte prefix (Nitro: 24,576).
    pub max_code_size: usize,
}

/// Raised size limits for deployments while the artifact is over Nitro's; `None` deploys
/// with Nitro's real limits (24,576 bytes compressed, 128 KiB of wasm).
///
/// Set only as a temporary measure while the contract is over the limits, and back to `None`
/// as soon as it fits: `tests/activation.rs` fails while it is set and the artifact fits, and
/// checks the artifact against the real limits regardless.
pub const TEMPORARY_SIZE_LIMIT_OVERRIDE: Option<SizeLimits> = None;

/// The workspace root (this crate's parent directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Absolute path of the artifact.
pub fn artifact_path() -> PathBuf {
    workspace_root().join(ARTIFACT_PATH)
}

/// Reads both artifacts; fails with "run `cargo xtask artifact` first" when one is missing.
pub fn load() -> Result<Programs, E2eError> {
    Ok(Programs {
        core: read(artifact_path())?,
        views: read(workspace_root().join(VIEWS_ARTIFACT_PATH))?,
    })
}

fn read(path: PathBuf) -> Result<Vec<u8>, E2eError> {
    match std::fs::read(&path) {
        Ok(wasm) => Ok(wasm),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(E2eError::ArtifactMissing(path)),
        Err(e) => Err(E2eError::ArtifactUnreadable(path, e)),
    }
}

/// Nitro's parameters (ArbOS 50), with the size limits of [`TEMPORARY_SIZE_LIMIT_OVERRIDE`]
/// if it is set.
pub fn devnet_params() -> StylusParams {
    let mut params = StylusParams::default();
    if let Some(limits) = TEMPORARY_SIZE_LIMIT_OVERRIDE {
        params.max_wasm_size = limits.max_wasm_size;
        params.max_code_size = limits.max_code_size;
    }
    params
}

/// A fresh devnet with [`devnet_params`].
pub fn devnet() -> Devnet {
    Devnet::with_params(devnet_params())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_artifact_says_how_to_build_it() {
        let message =
            E2eError::ArtifactMissing(PathBuf::from("/nowhere/lst_registry.wasm")).to_string();
        assert!(
            message.contains("run `cargo xtask artifact` first"),
            "{message}"
        );
    }

    #[test]
    fn the_devnet_uses_nitros_size_limits_unless_overridden() {
        let params = devnet_params();
        match TEMPORARY_SIZE_LIMIT_OVERRIDE {
            None => assert_eq!(params, StylusParams::default()),
            Some(limits) => assert_eq!(params.max_code_size, limits.max_code_size),
        }
    }
}
