//! JSON Schemas of the file formats, for editors that validate YAML as it is
//! typed (yaml-language-server, named in a `# yaml-language-server:
//! $schema=...` modeline). Written by hand from docs/FORMAT.md, one file
//! per format under `src/schema/`; the tests below hold their vocabularies
//! to the model's, so the two cannot drift. The loader stays the authority:
//! the schema catches what can be seen in one file (unknown keys, words,
//! types, required keys), not references, anchors or the registry.

use std::path::{Path, PathBuf};

use crate::briefing::FormatVersion;

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Briefing(FormatVersion),
    /// `actors.yaml`, format `debrief-actors/1`.
    Actors,
}

impl Schema {
    pub const ALL: [Schema; 3] = [
        Schema::Briefing(FormatVersion::V1),
        Schema::Briefing(FormatVersion::V2),
        Schema::Actors,
    ];

    /// The schema's text, JSON (draft-07).
    pub fn text(self) -> &'static str {
        match self {
            Schema::Briefing(FormatVersion::V1) => include_str!("schema/debrief-1.schema.json"),
            Schema::Briefing(FormatVersion::V2) => include_str!("schema/debrief-2.schema.json"),
            Schema::Actors => include_str!("schema/debrief-actors-1.schema.json"),
        }
    }

    /// The file name it is written under by `debrief schema --write`.
    pub fn file_name(self) -> &'static str {
        match self {
            Schema::Briefing(FormatVersion::V1) => "debrief-1.schema.json",
            Schema::Briefing(FormatVersion::V2) => "debrief-2.schema.json",
            Schema::Actors => "debrief-actors-1.schema.json",
        }
    }

    /// Writes the schema into `dir` (made if missing) and returns its path.
    pub fn write_into(self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(self.file_name());
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut file, self.text().as_bytes())?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{
        ActorKind, AnalyticConfidence, ClaimKind, Likelihood, Reliability, SourceKind, Stance, Tlp,
    };
    use serde_json::Value;

    fn json(s: Schema) -> Value {
        serde_json::from_str(s.text()).expect("the schema is JSON")
    }

    fn words(schema: &Value, def: &str) -> Vec<String> {
        schema["definitions"][def]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("`{def}` has an enum"))
            .iter()
            .map(|w| w.as_str().expect("a word").to_string())
            .collect()
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn vocabularies_are_the_models() {
        for s in [
            Schema::Briefing(FormatVersion::V1),
            Schema::Briefing(FormatVersion::V2),
        ] {
            let j = json(s);
            assert_eq!(words(&j, "actorKind"), strings(ActorKind::WORDS));
            assert_eq!(words(&j, "sourceKind"), strings(SourceKind::WORDS));
            assert_eq!(words(&j, "reliability"), strings(Reliability::WORDS));
            assert_eq!(words(&j, "likelihood"), strings(Likelihood::WORDS));
            assert_eq!(words(&j, "stance"), strings(Stance::WORDS));
        }
        let v2 = json(Schema::Briefing(FormatVersion::V2));
        assert_eq!(words(&v2, "confidence"), strings(AnalyticConfidence::WORDS));
        assert_eq!(words(&v2, "claimKind"), strings(ClaimKind::WORDS));
        assert_eq!(words(&v2, "tlp"), strings(Tlp::WORDS));
        let actors = json(Schema::Actors);
        assert_eq!(words(&actors, "actorKind"), strings(ActorKind::WORDS));
    }

    #[test]
    fn formats_are_the_loaders() {
        use crate::briefing::decode::{FORMAT, FORMAT_V2, REGISTRY_FORMAT};
        let format = |s| json(s)["properties"]["format"]["const"].clone();
        assert_eq!(format(Schema::Briefing(FormatVersion::V1)), FORMAT);
        assert_eq!(format(Schema::Briefing(FormatVersion::V2)), FORMAT_V2);
        assert_eq!(format(Schema::Actors), REGISTRY_FORMAT);
    }

    /// Every key the schema knows has a description, for the editor's hover.
    #[test]
    fn every_key_is_described() {
        fn walk(v: &Value, at: &str) {
            if let Some(props) = v.get("properties").and_then(Value::as_object) {
                for (key, p) in props {
                    let described = p.get("description").and_then(Value::as_str);
                    assert!(described.is_some_and(|d| !d.is_empty()), "{at}.{key}");
                    walk(p, &format!("{at}.{key}"));
                }
            }
            if let Some(defs) = v.get("definitions").and_then(Value::as_object) {
                for (name, d) in defs {
                    walk(d, &format!("{at}#{name}"));
                }
            }
        }
        for s in Schema::ALL {
            walk(&json(s), s.file_name());
        }
    }
}
