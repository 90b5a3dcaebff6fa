//! The event log in words (`role="log"`, newest at the bottom, bounded) and the polite
//! live region that narrates important events while stepping or playing slowly.

use std::collections::VecDeque;

use leptos::prelude::*;

use super::controller::{Change, SimController};
use super::narrate::{importance, log_line, seen_from, Importance, Names};
use crate::sim::{NodeId, TraceEvent};

/// Lines the log keeps.
const LOG_LINES: usize = 120;
/// Trace events read at most per update: nearly every event makes a line, but while
/// nodes are hidden most are filtered out, so more are read then.
const SCAN_EVENTS: usize = LOG_LINES + LOG_LINES / 4;
const SCAN_EVENTS_CONCEALED: usize = LOG_LINES * 4;
/// While playing, the log's DOM updates at most this often.
const PLAYING_UPDATE_MS: f64 = 250.0;
/// At most one announcement per this many milliseconds while playing.
const ANNOUNCE_EVERY_MS: f64 = 1_000.0;
/// Above this speed, playback is too fast to narrate.
const NARRATE_UP_TO_SPEED: f64 = 1.0;

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub seq: u64,
    pub text: String,
    pub notable: bool,
}

/// What the log has read so far.
#[derive(Default)]
struct LogState {
    trace_len: u64,
    concealed: Vec<NodeId>,
    lines: VecDeque<LogLine>,
    last_update_ms: f64,
    last_announce_ms: f64,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Narrated lines of `events` that a reader who cannot see `concealed` would know of.
pub fn narrate_events(
    events: &[TraceEvent],
    names: &[String],
    concealed: &[NodeId],
) -> Vec<LogLine> {
    let names = Names(names);
    events
        .iter()
        .filter(|e| concealed.is_empty() || seen_from(e, |n| !concealed.contains(&n)))
        .filter_map(|e| {
            log_line(e, &names).map(|text| LogLine {
                seq: e.seq,
                text,
                notable: importance(e) == Importance::Notable,
            })
        })
        .collect()
}

/// The log and the narration region.
#[component]
pub fn EventLog(sim: SimController) -> impl IntoView {
    let lines = RwSignal::new(Vec::<LogLine>::new());
    let spoken = RwSignal::new(String::new());
    let state = StoredValue::new(LogState::default());

    Effect::new(move |_| {
        let change = sim.last_change();
        let playing = sim.playing();
        let concealed = sim.concealed();
        let now = now_ms();
        let throttled = playing && now - state.with_value(|s| s.last_update_ms) < PLAYING_UPDATE_MS;
        if throttled {
            return;
        }
        let (fresh, names, trace_len) = sim.with_world_for_readout(|world| {
            let trace_len = world.trace_len();
            let (known, same_view) = state.with_value(|s| (s.trace_len, s.concealed == concealed));
            let rebuild = trace_len < known || !same_view || change == Change::Jump;
            let scan = if concealed.is_empty() {
                SCAN_EVENTS
            } else {
                SCAN_EVENTS_CONCEALED
            };
            let wanted = if rebuild {
                scan
            } else {
                (trace_len - known).min(scan as u64) as usize
            };
            let events = match wanted {
                0 => Vec::new(),
                n => world.recent_events_tail(n),
            };
            ((events, rebuild), world.node_names(), trace_len)
        });
        let (events, rebuild) = fresh;
        let new_lines = narrate_events(&events, &names, &concealed);
        let announce = state.try_update_value(|s| {
            if rebuild {
                s.lines.clear();
            }
            s.trace_len = trace_len;
            s.concealed = concealed;
            s.last_update_ms = now;
            s.lines.extend(new_lines.iter().cloned());
            while s.lines.len() > LOG_LINES {
                s.lines.pop_front();
            }
            let speak = match change {
                Change::Step | Change::Intervene => !rebuild,
                Change::Play => {
                    !rebuild
                        && sim.speed_untracked() <= NARRATE_UP_TO_SPEED
                        && now - s.last_announce_ms >= ANNOUNCE_EVERY_MS
                }
                Change::Jump => false,
            };
            let pick = match change {
                Change::Play => new_lines
                    .iter()
                    .rev()
                    .find(|l| l.notable)
                    .or(new_lines.last()),
                _ => new_lines.last(),
            };
            let text = pick.filter(|_| speak).map(|l| l.text.clone());
            if text.is_some() {
                s.last_announce_ms = now;
            }
            text
        });
        lines.set(state.with_value(|s| s.lines.iter().cloned().collect()));
        if let Some(Some(text)) = announce {
            spoken.set(text);
        }
    });

    view! {
        <section class="sim-panel sim-log-panel">
            <h3>"Event log"</h3>
            // The log role sits on the scrolling box, so that the list keeps its semantics.
            <div class="sim-log-scroll" tabindex="0" role="log" aria-live="off" aria-label="Event log, scrollable">
                <ol data-testid="sim-log">
                    // Keyed by sequence number and text: after a rebuild or a different
                    // replay the same number can stand for another event.
                    <For each=move || lines.get() key=|line| (line.seq, line.text.clone()) let:line>
                        <li class:notable=line.notable>{line.text}</li>
                    </For>
                </ol>
            </div>
            <p class="visually-hidden" aria-live="polite" data-testid="sim-narration">{move || spoken.get()}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{MessageRef, TraceKind};

    #[test]
    fn hidden_nodes_leave_only_what_the_client_knows() {
        let event = |seq, kind, node, route: (usize, usize)| TraceEvent {
            seq,
            time: 1_000 * seq,
            node: Some(node),
            local_clock_us: 0,
            lamport: 0,
            vector: Vec::new(),
            kind,
            message: Some(MessageRef {
                id: seq,
                from: route.0,
                to: route.1,
                kind: "request",
            }),
            text: "Request #1".into(),
        };
        let events = [
            event(0, TraceKind::Send, 0, (0, 1)),
            event(1, TraceKind::Deliver, 1, (0, 1)),
        ];
        let names = vec!["Client".to_string(), "Server".to_string()];
        assert_eq!(narrate_events(&events, &names, &[]).len(), 2);
        let hidden = narrate_events(&events, &names, &[1]);
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].text, "0.0 ms — Client sends Request #1 to Server");
    }
}
