//! Why a run that plays shows nothing: no event is due, yet time runs on to the end.

use super::format::format_ms;
use crate::sim::{SimTime, World};

/// What to tell a student whose run has nothing left to happen before `horizon_us`,
/// or `None` while something is due (or the run has ended or halted).
/// `next_action_us` is the next recorded action still ahead (a restart, say).
pub fn quiet_reason(
    world: &dyn World,
    next_action_us: Option<SimTime>,
    horizon_us: SimTime,
) -> Option<String> {
    if world.halted().is_some() || world.now() >= horizon_us || world.next_event_time().is_some() {
        return None;
    }
    let all_down = world.snapshot().nodes.iter().all(|node| !node.up);
    let why = if all_down {
        "Every machine is crashed, so nothing can happen until one restarts"
    } else {
        "Nothing is due: no message is on the wire and no machine has a timer set"
    };
    let next = match next_action_us {
        Some(at) if at > world.now() => {
            format!(" The next recorded action comes at {}.", format_ms(at))
        }
        _ => String::new(),
    };
    Some(format!(
        "{why}; time still runs to the end of the run.{next}"
    ))
}

#[cfg(test)]
mod tests {
    use super::quiet_reason;
    use crate::sim::protocols::pingpong::PingPong;
    use crate::sim::{Intervention, LinkConfig, Simulation, World, MS};

    fn rally(hits: u64) -> Simulation<PingPong> {
        Simulation::builder(1)
            .node("a", PingPong::new(hits))
            .node("b", PingPong::new(hits))
            .link_all(LinkConfig::uniform(10, 10))
            .build()
    }

    #[test]
    fn a_busy_run_or_an_ended_one_says_nothing() {
        let sim = rally(50);
        assert!(sim.next_event_time().is_some());
        assert_eq!(quiet_reason(&sim, None, 10 * MS), None);
        let mut done = rally(3);
        done.run_until(10 * MS);
        assert_eq!(quiet_reason(&done, None, 10 * MS), None, "at its end");
    }

    #[test]
    fn a_run_with_nothing_due_says_why_and_what_comes_next() {
        let mut done = rally(3);
        done.run_until(5 * MS);
        assert!(done.next_event_time().is_none(), "the rally is over");
        let why = quiet_reason(&done, Some(7 * MS), 10 * MS).expect("quiet");
        assert!(why.starts_with("Nothing is due"), "{why}");
        assert!(why.contains("comes at 7"), "{why}");

        let mut down = rally(3);
        down.apply(&Intervention::Crash(0));
        down.apply(&Intervention::Crash(1));
        down.run_until(5 * MS);
        let why = quiet_reason(&down, None, 10 * MS).expect("quiet");
        assert!(why.starts_with("Every machine is crashed"), "{why}");
    }
}
