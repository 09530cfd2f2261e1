pub use lst_registry_e2e as e2e;
