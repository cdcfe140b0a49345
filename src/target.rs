//! What a run checks for: a deploy to the development stage, or a submission to certification.
//!
//! Every rule says what requires the fact it checks ([`Requirement`]): the build, deploy or server
//! (SMAPI rejects the upload, the model does not build), or only certification and publishing (the
//! store listing, the privacy answers, the testing instructions). The target decides how loud the
//! second kind is: under [`Target::Development`] (the default) such a finding is at most a warning,
//! so a fresh project can be deployed and committed; under [`Target::Certification`] it keeps its
//! declared severity, which is an error wherever certification rejects the skill.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// Where the skill is going: `--target`, or `target` in asklint.toml.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// A deploy to the development stage: certification-only findings are warnings.
    #[default]
    Development,
    /// A submission for certification: certification findings are errors.
    Certification,
}

/// What requires the fact a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// The build, deploy or server: SMAPI rejects the upload, the model does not build, the
    /// request fails.
    Build,
    /// Only certification or publishing: the skill deploys and runs in development without it.
    Certification,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Development, Target::Certification];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Development => "development",
            Target::Certification => "certification",
        }
    }

    /// The severity under this target of a finding of `severity` (its rule's declared severity, or
    /// the one the finding set) about a fact that `requirement` requires.
    pub fn severity(self, requirement: Requirement, severity: Severity) -> Severity {
        match (self, requirement) {
            (Target::Development, Requirement::Certification) => severity.min(Severity::Warning),
            _ => severity,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Requirement {
    pub fn as_str(self) -> &'static str {
        match self {
            Requirement::Build => "build",
            Requirement::Certification => "certification",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_lowers_certification_errors_only() {
        use Requirement::{Build, Certification};
        use Severity::{Error, Info, Warning};
        let dev = Target::Development;
        let cert = Target::Certification;
        assert_eq!(dev.severity(Certification, Error), Warning);
        assert_eq!(dev.severity(Certification, Warning), Warning);
        assert_eq!(dev.severity(Certification, Info), Info);
        assert_eq!(dev.severity(Build, Error), Error);
        assert_eq!(cert.severity(Certification, Error), Error);
        assert_eq!(cert.severity(Certification, Warning), Warning);
        assert_eq!(cert.severity(Build, Error), Error);
        assert_eq!(Target::default(), dev);
    }
}
