//! What the built-in lexicons are, without compiling them: which one defines a rule (so a
//! rule id from a pack that is not loaded gets "load it with `--lexicon builtin:NAME`"
//! instead of a guess among the loaded rules), and their versions for `--version`.

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::compile::BUILTIN;

/// Only the names of a lexicon: its own and its rules'.
#[derive(Deserialize)]
struct Names {
    lexicon: String,
    #[serde(default)]
    effective: Option<String>,
    #[serde(default)]
    rules: Vec<RuleName>,
}

#[derive(Deserialize)]
struct RuleName {
    id: String,
}

/// The built-in lexicon that has a rule `id` (`rule` or `lexicon/rule`) and the rule's
/// qualified id, skipping the lexicons named in `loaded`.
pub fn builtin_rule(id: &str, loaded: &[&str]) -> Option<(&'static str, String)> {
    BUILTIN
        .iter()
        .filter(|(name, _)| !loaded.contains(name))
        .find_map(|(name, text)| {
            // The built-in lexicons are tested to parse; a failure here only loses a hint.
            let names: Names = serde_yaml::from_str(text).ok()?;
            names
                .rules
                .iter()
                .map(|r| format!("{}/{}", names.lexicon, r.id))
                .find(|qualified| qualified == id || qualified.rsplit('/').next() == Some(id))
                .map(|qualified| (*name, qualified))
        })
}

/// The built-in lexicons' versions: a short form naming the default lexicon's effective
/// date, and a long one with a line per lexicon (effective date and the first 12 hex
/// digits of the SHA-256 of its text, which changes with any edit).
pub fn builtin_versions() -> (String, String) {
    let mut short = String::new();
    let mut long = String::from("built-in lexicons:");
    for (i, (name, text)) in BUILTIN.iter().enumerate() {
        let effective = serde_yaml::from_str::<Names>(text)
            .ok()
            .and_then(|n| n.effective)
            .map_or_else(String::new, |date| format!(" effective {date}"));
        let digest = Sha256::digest(text.as_bytes());
        let sha: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        let default = if i == 0 { " (the default)" } else { "" };
        long.push_str(&format!("\n  {name}{effective}, sha256 {sha}{default}"));
        if i == 0 {
            short = format!("lexicon {name}{effective}, sha256 {sha}");
        }
    }
    (short, long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_pack_of_a_local_or_qualified_id() {
        let found = builtin_rule("hipaa-certification", &["openai-on-aws"]);
        assert_eq!(
            found,
            Some(("cloud-claims", "cloud-claims/hipaa-certification".into()))
        );
        let found = builtin_rule("openai-on-aws/access-wording", &["cloud-claims"]);
        assert_eq!(
            found,
            Some(("openai-on-aws", "openai-on-aws/access-wording".into()))
        );
    }

    #[test]
    fn loaded_packs_and_unknown_ids_give_nothing() {
        assert_eq!(builtin_rule("hipaa-certification", &["cloud-claims"]), None);
        assert_eq!(builtin_rule("no-such-rule", &[]), None);
    }
}
