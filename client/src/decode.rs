//! Strict decoding of what the registry answers: return data, custom errors and events.
//!
//! Strict means that a decoded value must also re-encode to exactly the bytes received, so
//! a non-canonical encoding by the contract fails as loudly as an unknown one.

use alloy_primitives::{hex, Address, IntoLogData};
use alloy_sol_types::{SolCall, SolEventInterface, SolInterface};

use crate::abi::{RegistryError, RegistryEvent};
use crate::backend::Log;
use crate::error::ClientError;
pub use crate::error::ReturnError;

/// Decodes revert data into a custom error of the interface, or fails loudly.
pub fn decode_error(function: &str, data: &[u8]) -> Result<RegistryError, ClientError> {
    let undecodable = || ClientError::UndecodableRevert {
        function: function.to_string(),
        data: data.to_vec(),
    };
    let error = RegistryError::abi_decode(data).map_err(|_| undecodable())?;
    if error.abi_encode() != data {
        return Err(undecodable());
    }
    Ok(error)
}

/// Decodes the return data of `C`, requiring the canonical encoding.
pub fn decode_returns<C: SolCall>(data: &[u8]) -> Result<C::Return, ReturnError> {
    let value = C::abi_decode_returns(data).map_err(|e| ReturnError::Decode(Box::new(e)))?;
    if C::abi_encode_returns(&value) != data {
        return Err(ReturnError::NotCanonical);
    }
    Ok(value)
}

/// Decodes one log of `function`'s transaction into the interface's events: it must be
/// emitted by `registry` and be the canonical encoding of its event.
pub fn decode_log(
    function: &str,
    registry: Address,
    log: &Log,
) -> Result<RegistryEvent, ClientError> {
    let fail = |reason: &str| ClientError::UndecodableLog {
        function: function.to_string(),
        log: format!(
            "address {} topics [{}] data 0x{}",
            log.address,
            log.topics
                .iter()
                .map(|t| format!("{t}"))
                .collect::<Vec<_>>()
                .join(", "),
            hex::encode(&log.data)
        ),
        reason: reason.to_string(),
    };
    if log.address != registry {
        return Err(fail("not emitted by the registry"));
    }
    let event =
        RegistryEvent::decode_raw_log(&log.topics, &log.data).map_err(|e| fail(&e.to_string()))?;
    let encoded = event.to_log_data();
    if encoded.topics() != log.topics.as_slice() || encoded.data.as_ref() != log.data.as_slice() {
        return Err(fail("not the canonical encoding of the event"));
    }
    Ok(event)
}

/// Every log of `function`'s transaction, decoded with [`decode_log`].
pub fn decode_logs(
    function: &str,
    registry: Address,
    logs: &[Log],
) -> Result<Vec<RegistryEvent>, ClientError> {
    logs.iter()
        .map(|log| decode_log(function, registry, log))
        .collect()
}

/// The error's name and arguments, short: `RegistryNotAdmin { caller: .. }`.
pub fn show_error(error: &RegistryError) -> String {
    let debug = format!("{error:?}");
    // `RegistryNotAdmin(RegistryNotAdmin { caller: .. })` → `RegistryNotAdmin { caller: .. }`
    match debug.find('(') {
        Some(open) if debug.ends_with(')') => debug[open + 1..debug.len() - 1].to_string(),
        _ => debug,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::ILstRegistry as I;
    use alloy_primitives::B256;
    use alloy_sol_types::SolEvent;

    #[test]
    fn a_non_canonical_return_is_refused() {
        // `viewsProgram()` returns one address: a word with its high bytes set is not its
        // canonical encoding, nor is a word too many.
        let views = Address::repeat_byte(0x42);
        let canonical = views.into_word();
        assert_eq!(
            decode_returns::<I::viewsProgramCall>(canonical.as_slice()).ok(),
            Some(views)
        );
        let mut trailing = canonical.to_vec();
        trailing.extend_from_slice(&[0u8; 32]);
        assert!(matches!(
            decode_returns::<I::viewsProgramCall>(&trailing),
            Err(ReturnError::NotCanonical)
        ));
        assert!(matches!(
            decode_returns::<I::viewsProgramCall>(&canonical[..31]),
            Err(ReturnError::Decode(_))
        ));
        let mut dirty = canonical;
        dirty[0] = 1;
        assert!(matches!(
            decode_returns::<I::viewsProgramCall>(dirty.as_slice()),
            Err(ReturnError::NotCanonical)
        ));
    }

    #[test]
    fn revert_data_must_be_exactly_one_custom_error() {
        let error: RegistryError = I::RegistryNotAdmin {
            caller: Address::repeat_byte(7),
        }
        .into();
        let data = error.abi_encode();
        assert_eq!(decode_error("f", &data).ok(), Some(error.clone()));
        assert_eq!(
            show_error(&error),
            format!("RegistryNotAdmin {{ caller: {} }}", Address::repeat_byte(7))
        );
        let mut longer = data.clone();
        longer.push(0);
        assert!(matches!(
            decode_error("f", &longer),
            Err(ClientError::UndecodableRevert { .. })
        ));
        assert!(decode_error("f", &[]).is_err());
    }

    #[test]
    fn a_log_from_elsewhere_or_not_canonical_is_refused() {
        let registry = Address::repeat_byte(1);
        let event = I::Paused {
            account: Address::repeat_byte(2),
        };
        let data = event.encode_log_data();
        let log = Log {
            address: registry,
            topics: data.topics().to_vec(),
            data: data.data.to_vec(),
        };
        assert!(decode_log("pause", registry, &log).is_ok());
        let foreign = Log {
            address: Address::repeat_byte(9),
            ..log.clone()
        };
        assert!(decode_log("pause", registry, &foreign).is_err());
        let mut dirty = log;
        dirty.topics[1] = B256::repeat_byte(0xff);
        assert!(decode_log("pause", registry, &dirty).is_err());
    }
}
