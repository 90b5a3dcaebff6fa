//! DistLab's entry point: mounts the app into the page.

fn main() {
    distlab::app::start();
}
