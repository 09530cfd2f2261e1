//! The deployable programs (`artifacts/lst_registry.wasm`, the core,
//! `artifacts/lst_registry_admin.wasm`, the admin program, and
//! `artifacts/lst_registry_views.wasm`, the views program, all written by
//! `cargo xtask artifact`) and where they are.

use std::path::PathBuf;

use crate::error::ClientError;

/// The core program's artifact, relative to the workspace root.
pub const ARTIFACT_PATH: &str = "artifacts/lst_registry.wasm";

/// The views program's artifact, relative to the workspace root.
pub const VIEWS_ARTIFACT_PATH: &str = "artifacts/lst_registry_views.wasm";

/// The admin program's artifact, relative to the workspace root.
pub const ADMIN_ARTIFACT_PATH: &str = "artifacts/lst_registry_admin.wasm";

/// The registry's three programs: the core (constructor and the functions that run the
/// program), the admin program it delegates the admin's functions to and the views program
/// it delegates its read-only functions to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Programs {
    /// The core's wasm.
    pub core: Vec<u8>,
    /// The admin program's wasm.
    pub admin: Vec<u8>,
    /// The views program's wasm.
    pub views: Vec<u8>,
}

/// The workspace root (this crate's parent directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Absolute path of the core's artifact.
pub fn artifact_path() -> PathBuf {
    workspace_root().join(ARTIFACT_PATH)
}

/// Absolute path of the views program's artifact.
pub fn views_artifact_path() -> PathBuf {
    workspace_root().join(VIEWS_ARTIFACT_PATH)
}

/// Absolute path of the admin program's artifact.
pub fn admin_artifact_path() -> PathBuf {
    workspace_root().join(ADMIN_ARTIFACT_PATH)
}

/// Reads the three artifacts; fails with "run `cargo xtask artifact` first" when one is missing.
pub fn load() -> Result<Programs, ClientError> {
    Ok(Programs {
        core: read(artifact_path())?,
        admin: read(admin_artifact_path())?,
        views: read(views_artifact_path())?,
    })
}

/// Reads one artifact; fails with "run `cargo xtask artifact` first" when it is missing.
pub fn read(path: PathBuf) -> Result<Vec<u8>, ClientError> {
    match std::fs::read(&path) {
        Ok(wasm) => Ok(wasm),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(ClientError::ArtifactMissing(path))
        }
        Err(e) => Err(ClientError::ArtifactUnreadable(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_artifact_says_how_to_build_it() {
        let message =
            ClientError::ArtifactMissing(PathBuf::from("/nowhere/lst_registry.wasm")).to_string();
        assert!(
            message.contains("run `cargo xtask artifact` first"),
            "{message}"
        );
        assert!(matches!(
            read(PathBuf::from("/nowhere/lst_registry.wasm")),
            Err(ClientError::ArtifactMissing(_))
        ));
    }
}
