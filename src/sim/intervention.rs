//! User interventions (crash, cut, loss, clock changes…) and their compact, URL-safe text form.
//!
//! | intervention | text |
//! |---|---|
//! | `Crash(1)` | `crash.1` |
//! | `Restart(1)` | `restart.1` |
//! | `Pause(1)` / `Resume(1)` | `pause.1` / `resume.1` |
//! | `Cut(0, 2)` (two-way) | `cut.0-2` |
//! | `CutOneWay { from: 0, to: 2 }` | `cut1.0-2` |
//! | `Heal(0, 2)` (both ways) | `heal.0-2` |
//! | `HealAll` | `healall` |
//! | `SetLoss { ppm: 50000 }` | `loss.50000` |
//! | `SetDuplication { ppm: 1000 }` | `dup.1000` |
//! | `SetLatency { min_us: 1000, max_us: 20000 }` | `lat.1000-20000` |
//! | `SetClock { node: 1, offset_us: -5000, drift_ppm: 200 }` | `clk.1.-5000.200` |
//!
//! A [`Recorded`] intervention is `time~events~intervention`, e.g. `12000~57~crash.1`;
//! lists are joined with `_`. Every character used is URL-safe.

use std::fmt;
use std::str::FromStr;

use super::{NodeId, SimTime};

/// Something the user does to the running system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intervention {
    Crash(NodeId),
    Restart(NodeId),
    Pause(NodeId),
    Resume(NodeId),
    /// Cut both directions between two nodes.
    Cut(NodeId, NodeId),
    /// Cut only `from → to`.
    CutOneWay {
        from: NodeId,
        to: NodeId,
    },
    /// Heal both directions between two nodes.
    Heal(NodeId, NodeId),
    /// Heal every cut.
    HealAll,
    /// Loss probability of every link.
    SetLoss {
        ppm: u32,
    },
    /// Duplication probability of every link.
    SetDuplication {
        ppm: u32,
    },
    /// Latency of every link: uniform in `min_us..=max_us` (constant when equal).
    SetLatency {
        min_us: u64,
        max_us: u64,
    },
    /// From now on, `node`'s clock reads `true + offset_us` and drifts by `drift_ppm`.
    SetClock {
        node: NodeId,
        offset_us: i64,
        drift_ppm: i64,
    },
}

impl Intervention {
    /// The node this intervention is about, if it is about one node.
    pub fn node(&self) -> Option<NodeId> {
        match *self {
            Intervention::Crash(n)
            | Intervention::Restart(n)
            | Intervention::Pause(n)
            | Intervention::Resume(n) => Some(n),
            Intervention::SetClock { node, .. } => Some(node),
            _ => None,
        }
    }

    /// Whether every node this intervention names is one of `0..node_count`.
    pub fn fits(&self, node_count: usize) -> bool {
        match *self {
            Intervention::Cut(a, b) | Intervention::Heal(a, b) => a < node_count && b < node_count,
            Intervention::CutOneWay { from, to } => from < node_count && to < node_count,
            _ => self.node().is_none_or(|node| node < node_count),
        }
    }
}

impl fmt::Display for Intervention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Intervention::Crash(n) => write!(f, "crash.{n}"),
            Intervention::Restart(n) => write!(f, "restart.{n}"),
            Intervention::Pause(n) => write!(f, "pause.{n}"),
            Intervention::Resume(n) => write!(f, "resume.{n}"),
            Intervention::Cut(a, b) => write!(f, "cut.{a}-{b}"),
            Intervention::CutOneWay { from, to } => write!(f, "cut1.{from}-{to}"),
            Intervention::Heal(a, b) => write!(f, "heal.{a}-{b}"),
            Intervention::HealAll => write!(f, "healall"),
            Intervention::SetLoss { ppm } => write!(f, "loss.{ppm}"),
            Intervention::SetDuplication { ppm } => write!(f, "dup.{ppm}"),
            Intervention::SetLatency { min_us, max_us } => write!(f, "lat.{min_us}-{max_us}"),
            Intervention::SetClock {
                node,
                offset_us,
                drift_ppm,
            } => write!(f, "clk.{node}.{offset_us}.{drift_ppm}"),
        }
    }
}

/// Why a text form did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseInterventionError {
    /// The offending input (truncated to 64 characters).
    pub input: String,
    /// What was wrong.
    pub reason: String,
}

impl ParseInterventionError {
    fn new(input: &str, reason: impl Into<String>) -> Self {
        Self {
            input: input.chars().take(64).collect(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ParseInterventionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read intervention {:?}: {}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for ParseInterventionError {}

fn number<T: FromStr>(input: &str, field: &str, what: &str) -> Result<T, ParseInterventionError> {
    field.parse::<T>().map_err(|_| {
        ParseInterventionError::new(input, format!("{what} {field:?} is not a valid number"))
    })
}

fn node_id(input: &str, field: &str) -> Result<NodeId, ParseInterventionError> {
    let id: u32 = number(input, field, "node id")?;
    Ok(id as NodeId)
}

fn node_pair(input: &str, field: &str) -> Result<(NodeId, NodeId), ParseInterventionError> {
    let (a, b) = field.split_once('-').ok_or_else(|| {
        ParseInterventionError::new(
            input,
            format!("expected two node ids like 0-2, got {field:?}"),
        )
    })?;
    Ok((node_id(input, a)?, node_id(input, b)?))
}

impl FromStr for Intervention {
    type Err = ParseInterventionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "healall" {
            return Ok(Intervention::HealAll);
        }
        let (verb, args) = s.split_once('.').ok_or_else(|| {
            ParseInterventionError::new(s, "expected verb.arguments, e.g. crash.1")
        })?;
        let iv = match verb {
            "crash" => Intervention::Crash(node_id(s, args)?),
            "restart" => Intervention::Restart(node_id(s, args)?),
            "pause" => Intervention::Pause(node_id(s, args)?),
            "resume" => Intervention::Resume(node_id(s, args)?),
            "cut" => {
                let (a, b) = node_pair(s, args)?;
                Intervention::Cut(a, b)
            }
            "cut1" => {
                let (from, to) = node_pair(s, args)?;
                Intervention::CutOneWay { from, to }
            }
            "heal" => {
                let (a, b) = node_pair(s, args)?;
                Intervention::Heal(a, b)
            }
            "loss" => Intervention::SetLoss {
                ppm: number(s, args, "ppm")?,
            },
            "dup" => Intervention::SetDuplication {
                ppm: number(s, args, "ppm")?,
            },
            "lat" => {
                let (min, max) = args.split_once('-').ok_or_else(|| {
                    ParseInterventionError::new(s, "expected lat.MIN-MAX in microseconds")
                })?;
                Intervention::SetLatency {
                    min_us: number(s, min, "latency")?,
                    max_us: number(s, max, "latency")?,
                }
            }
            "clk" => {
                let mut parts = args.splitn(3, '.');
                let (Some(node), Some(offset), Some(drift)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return Err(ParseInterventionError::new(
                        s,
                        "expected clk.NODE.OFFSET_US.DRIFT_PPM",
                    ));
                };
                Intervention::SetClock {
                    node: node_id(s, node)?,
                    offset_us: number(s, offset, "clock offset")?,
                    drift_ppm: number(s, drift, "clock drift")?,
                }
            }
            other => {
                return Err(ParseInterventionError::new(
                    s,
                    format!("unknown intervention {other:?}"),
                ))
            }
        };
        Ok(iv)
    }
}

/// An intervention with the exact position it was made at: after `events` events, at time `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub at: SimTime,
    pub events: u64,
    pub intervention: Intervention,
}

impl Recorded {
    /// `(events, at)`: the order in which recorded interventions replay.
    pub fn position(&self) -> (u64, SimTime) {
        (self.events, self.at)
    }

    /// Encode a list as `rec_rec_rec` (for a share link).
    pub fn encode_list(list: &[Recorded]) -> String {
        list.iter()
            .map(Recorded::to_string)
            .collect::<Vec<_>>()
            .join("_")
    }

    /// Decode a list written by [`encode_list`](Self::encode_list) (the empty string is the empty list).
    pub fn decode_list(s: &str) -> Result<Vec<Recorded>, ParseInterventionError> {
        if s.is_empty() {
            return Ok(Vec::new());
        }
        s.split('_').map(str::parse).collect()
    }
}

impl fmt::Display for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}~{}~{}", self.at, self.events, self.intervention)
    }
}

impl FromStr for Recorded {
    type Err = ParseInterventionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.splitn(3, '~');
        let (Some(at), Some(events), Some(iv)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(ParseInterventionError::new(
                s,
                "expected TIME~EVENTS~INTERVENTION, e.g. 12000~57~crash.1",
            ));
        };
        Ok(Recorded {
            at: number(s, at, "time")?,
            events: number(s, events, "event count")?,
            intervention: iv.parse()?,
        })
    }
}
