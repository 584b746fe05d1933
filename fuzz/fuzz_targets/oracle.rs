//! The loader's YAML reading before `briefing/yaml.rs`: serde-saphyr
//! deserialising `Spanned<Node>`, with the same options and limits.

use std::fmt;

use debrief::briefing::yaml::{self, Node};
use debrief::briefing::{Located, Pos};
use debrief::text;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};

pub fn parse(source: &str) -> Result<Located<Node>, String> {
    serde_saphyr::from_str_with_options::<Spanned<N>>(source, options(source.len()))
        .map(located)
        .map_err(|e| format!("{e:?}"))
}

fn options(file_bytes: usize) -> Options {
    let mut budget = Budget::default();
    budget.max_depth = yaml::MAX_DEPTH;
    budget.flow_nesting_limit = yaml::MAX_DEPTH;
    budget.max_aliases = yaml::MAX_ALIASES;
    budget.max_anchors = yaml::MAX_ANCHORS;
    budget.enforce_alias_anchor_ratio = false;
    budget.max_nodes = yaml::MAX_VALUES;
    budget.max_events = yaml::MAX_VALUES * 2 + 4;
    budget.max_total_scalar_bytes = yaml::max_text_bytes(file_bytes);
    budget.max_recorded_anchor_events = yaml::MAX_VALUES;
    budget.max_recorded_anchor_bytes = yaml::max_text_bytes(file_bytes);
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = yaml::MAX_ALIAS_VALUES;
    options.alias_limits.max_replay_stack_depth = yaml::MAX_DEPTH;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.strict_booleans = true;
    options
}

struct N(Node);

fn located(spanned: Spanned<N>) -> Located<Node> {
    Located {
        value: spanned.value.0,
        pos: Pos {
            line: u32::try_from(spanned.referenced.line()).unwrap_or(u32::MAX),
            column: u32::try_from(spanned.referenced.column()).unwrap_or(u32::MAX),
        },
    }
}

impl<'de> Deserialize<'de> for N {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor).map(N)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        N::deserialize(d).map(|n| n.0)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(i128::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(text::clean(v)))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(text::clean(&String::from_utf8_lossy(v))))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<N>>()? {
            items.push(located(item));
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<N>>()? {
            let value = map.next_value::<Spanned<N>>()?;
            entries.push((located(key), located(value)));
        }
        Ok(Node::Map(entries))
    }
}
