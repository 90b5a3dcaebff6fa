//! Reading a share link's recorded actions (`&ops=`): only what the scenario's own
//! controls offer, naming machines it has, inside its timeline and replayable; every
//! action left out is explained in a notice.

use super::settings;
use super::Faults;
use crate::sim::{Intervention, Recorded, SimTime, WorldBuilder};

/// Decodes the `ops` of a link for a scenario whose controls are `faults`, keeping only
/// actions that can replay: offered by those controls, naming machines the world has,
/// inside the timeline, and at positions the world can actually reach. Kept values are
/// clamped; problems become notices.
pub(super) fn read_recorded(
    text: &str,
    builder: &WorldBuilder,
    horizon_us: SimTime,
    faults: Faults,
    notices: &mut Vec<String>,
) -> Vec<Recorded> {
    let mut recorded = match Recorded::decode_list(text) {
        Ok(list) => list,
        Err(error) => {
            notices.push(format!(
                "The recorded actions in the link could not be read ({}); the run starts without them.",
                error.reason
            ));
            return Vec::new();
        }
    };
    keep_offered(&mut recorded, faults, notices);
    let node_count = builder().node_count();
    let known = recorded.len();
    recorded.retain(|rec| rec.intervention.fits(node_count));
    if recorded.len() < known {
        notices.push(format!(
            "Some recorded actions in the link name machines this simulation does not have (it has {node_count}) and were left out."
        ));
    }
    recorded.sort_by_key(Recorded::position);
    let within = recorded.iter().take_while(|r| r.at <= horizon_us).count();
    if within < recorded.len() {
        notices.push("Some recorded actions in the link lie past the end of this simulation and were left out.".into());
        recorded.truncate(within);
    }
    let reachable = reachable_prefix(builder, &recorded);
    if reachable < recorded.len() {
        notices.push(
            "Some recorded actions in the link do not fit this simulation (perhaps it changed) and were left out."
                .into(),
        );
        recorded.truncate(reachable);
    }
    recorded
        .into_iter()
        .map(|rec| Recorded {
            intervention: settings::sanitize(rec.intervention),
            ..rec
        })
        .collect()
}

/// Drops the actions no control of this scenario makes, naming their kinds in a notice.
fn keep_offered(recorded: &mut Vec<Recorded>, faults: Faults, notices: &mut Vec<String>) {
    let mut refused: Vec<&str> = Vec::new();
    recorded.retain(|rec| {
        let offered = faults.offers(&rec.intervention);
        let kind = kind_of(&rec.intervention);
        if !offered && !refused.contains(&kind) {
            refused.push(kind);
        }
        offered
    });
    if let Some((last, first)) = refused.split_last() {
        let kinds = match first {
            [] => last.to_string(),
            _ => format!("{} or {last}", first.join(", ")),
        };
        notices.push(format!(
            "This simulation has no control for {kinds}; the link's actions of that kind were left out."
        ));
    }
}

/// The kind of an action in words, for notices.
fn kind_of(action: &Intervention) -> &'static str {
    match action {
        Intervention::Crash(_) | Intervention::Restart(_) => "crashing machines",
        Intervention::Pause(_) | Intervention::Resume(_) => "pausing machines",
        Intervention::Cut(..) | Intervention::Heal(..) => "cutting links",
        Intervention::CutOneWay { .. } => "cutting one direction of a link",
        Intervention::HealAll => "healing every link at once",
        Intervention::SetLoss { .. } => "message loss",
        Intervention::SetDuplication { .. } => "duplication",
        Intervention::SetLatency { .. } => "latency",
        Intervention::SetClock { .. } => "setting clocks",
    }
}

/// How many of `recorded` (sorted) a fresh world reaches at exactly their event count
/// without passing their time. Replays at most up to the last one's time.
fn reachable_prefix(builder: &WorldBuilder, recorded: &[Recorded]) -> usize {
    let mut world = builder();
    for (index, rec) in recorded.iter().enumerate() {
        while world.events_processed() < rec.events {
            let due = world.next_event_time().is_some_and(|t| t <= rec.at);
            if !due || !world.step() {
                break;
            }
        }
        if world.events_processed() != rec.events || world.now() > rec.at {
            return index;
        }
        if world.now() < rec.at {
            world.run_until(rec.at);
        }
        if world.events_processed() != rec.events {
            return index;
        }
        world.apply(&settings::sanitize(rec.intervention));
    }
    recorded.len()
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::sim::protocols::reqresp::{ClientConfig, ReqResp};
    use crate::sim::{LinkConfig, Simulation, Timeline, World};

    fn builder() -> WorldBuilder {
        Rc::new(|| {
            Box::new(
                Simulation::builder(3)
                    .node("client", ReqResp::client(1, ClientConfig::default()))
                    .node("server", ReqResp::server(false))
                    .link_all(LinkConfig::uniform(2_000, 6_000))
                    .build(),
            ) as Box<dyn World>
        })
    }

    fn read(text: &str, notices: &mut Vec<String>) -> Vec<Recorded> {
        read_recorded(text, &builder(), 100_000, Faults::ALL, notices)
    }

    fn recorded_from_a_real_run() -> Vec<Recorded> {
        let mut timeline = Timeline::new(builder());
        timeline.advance_to(7_000);
        timeline.intervene(Intervention::Crash(1));
        timeline.step();
        timeline.intervene(Intervention::Restart(1));
        timeline.interventions().to_vec()
    }

    #[test]
    fn recorded_actions_from_a_real_run_are_kept() {
        let recorded = recorded_from_a_real_run();
        let mut notices = Vec::new();
        let text = Recorded::encode_list(&recorded);
        assert_eq!(read(&text, &mut notices), recorded);
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn unreadable_or_impossible_actions_are_dropped_with_a_notice() {
        let mut notices = Vec::new();
        assert!(read("crash~~", &mut notices).is_empty());
        assert_eq!(notices.len(), 1);

        let mut notices = Vec::new();
        // A billion events before 1 ms cannot happen: this must neither hang nor apply.
        assert!(read("1000~1000000000~crash.1", &mut notices).is_empty());
        assert_eq!(notices.len(), 1);

        let mut notices = Vec::new();
        let kept = read("900000~3~loss.99999999", &mut notices);
        assert!(kept.is_empty(), "past the end of the timeline");
        assert_eq!(notices.len(), 1);
    }

    #[test]
    fn kept_actions_are_clamped() {
        let mut notices = Vec::new();
        let kept = read("0~0~loss.99999999", &mut notices);
        assert_eq!(
            kept[0].intervention,
            Intervention::SetLoss { ppm: 1_000_000 }
        );
    }

    #[test]
    fn actions_without_a_control_in_the_scenario_are_left_out_with_a_notice() {
        let only_crashes = Faults {
            crash_restart: true,
            ..Faults::default()
        };
        let mut notices = Vec::new();
        let text = "0~0~dup.1000000_0~0~pause.1_0~0~crash.1_0~0~dup.5";
        let kept = read_recorded(text, &builder(), 100_000, only_crashes, &mut notices);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].intervention, Intervention::Crash(1));
        assert_eq!(
            notices,
            ["This simulation has no control for duplication or pausing machines; the link's actions of that kind were left out."]
        );
    }
}
