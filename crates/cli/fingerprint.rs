//! Stable fingerprints of findings, for baselines and for CI formats that
//! track findings across commits (SARIF `partialFingerprints`, GitLab
//! `fingerprint`): the engine's (`rampart_engine::baseline::fingerprints`),
//! so that baselines applied by the engine and the CI formats agree.

pub use rampart_engine::baseline::fingerprints;
