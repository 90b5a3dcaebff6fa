//! Line charts drawn with plotters into an SVG string, themed with the page's CSS colours.
//!
//! Plotters draws the data (lines and reference lines) with placeholder colours; each
//! placeholder is then swapped for a class that strokes the line in a CSS variable (e.g.
//! `--c-blue`), so a chart follows the light and dark themes without an inline style. Axes, ticks and labels are plain SVG text
//! written here: no font backend, no DOM measuring. Any lesson can use [`Chart`].

use std::fmt::Write as _;

use leptos::prelude::*;
use plotters::prelude::*;

use crate::ui::markup::escape;

/// One line of data.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// CSS colour variable, e.g. `--c-blue`.
    pub color_var: &'static str,
    /// Dash pattern (SVG `stroke-dasharray`), so lines differ by more than colour.
    pub dash: Option<&'static str>,
    pub points: Vec<(f64, f64)>,
}

/// A horizontal reference line with a label, e.g. a bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    pub y: f64,
    pub label: String,
    pub color_var: &'static str,
}

/// Everything a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub x_label: String,
    pub y_label: String,
    pub x_range: (f64, f64),
    /// `None`: fit the data and guides (always including 0).
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<Series>,
    pub guides: Vec<Guide>,
    /// A vertical "now" marker.
    pub now_x: Option<f64>,
}

const WIDTH: u32 = 720;
const HEIGHT: u32 = 300;
const LEFT: u32 = 70;
const RIGHT: u32 = 16;
const TOP: u32 = 14;
const BOTTOM: u32 = 46;
/// Plotters draws on whole pixels: it draws the data this many times larger, and the
/// SVG scales it back, so slow slopes do not turn into staircases.
const OVERSAMPLE: u32 = 8;

/// Placeholder colour of palette slot `slot` (never a colour anyone picks).
fn placeholder(slot: usize) -> RGBColor {
    RGBColor(0x01, 0x02, slot.min(255) as u8)
}

/// The CSS colour variables a series or guide may name; `style/widgets.css` has a
/// `stroke-…` class for each, so no chart needs an inline style (the page's CSP forbids them).
pub const STROKE_VARS: [&str; 8] = [
    "--c-blue",
    "--c-orange",
    "--c-sky",
    "--c-green",
    "--c-yellow",
    "--c-vermillion",
    "--c-purple",
    "--muted",
];

/// The class that strokes a line in the CSS colour variable `color_var` (`--c-blue` →
/// `stroke-c-blue`); a variable outside [`STROKE_VARS`] falls back to `--muted`.
fn stroke_class(color_var: &str) -> String {
    let known = STROKE_VARS.contains(&color_var);
    let name = if known { color_var } else { "--muted" };
    format!("stroke-{}", name.trim_start_matches('-'))
}

/// The placeholder as plotters writes it into the SVG.
fn placeholder_hex(slot: usize) -> String {
    format!("#0102{:02X}", slot.min(255))
}

/// About `target` round tick values covering `min..=max` (steps of 1, 2 or 5 × 10ⁿ).
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min || target == 0 {
        return vec![min];
    }
    let raw = (max - min) / target as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Short text for a tick value `value` on an axis stepping by `step`: no needless decimals.
pub fn tick_text(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_owned()
    } else {
        text.replace('-', "−")
    }
}

fn fitted_y_range(spec: &ChartSpec) -> (f64, f64) {
    if let Some(range) = spec
        .y_range
        .filter(|(a, b)| a.is_finite() && b.is_finite() && b > a)
    {
        return range;
    }
    let values = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .chain(spec.guides.iter().map(|g| g.y))
        .filter(|v| v.is_finite());
    let (mut low, mut high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if high - low < 1e-9 {
        high += 1.0;
        low -= 1.0;
    }
    let pad = (high - low) * 0.08;
    (low - pad, high + pad)
}

/// The chart as a complete `<svg>` element (scales to its container's width).
pub fn render_svg(spec: &ChartSpec) -> String {
    let (x0, x1) = if spec.x_range.1 > spec.x_range.0 {
        spec.x_range
    } else {
        (spec.x_range.0, spec.x_range.0 + 1.0)
    };
    let (y0, y1) = fitted_y_range(spec);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x_px = |x: f64| LEFT as f64 + (x - x0) / (x1 - x0) * plot_w as f64;
    let y_px = |y: f64| TOP as f64 + (y1 - y) / (y1 - y0) * plot_h as f64;

    let mut data = String::new();
    let drawn = draw_data(
        &mut data,
        spec,
        (x0, x1),
        (y0, y1),
        (plot_w * OVERSAMPLE, plot_h * OVERSAMPLE),
    );
    let mut styles: Vec<(String, String)> = spec
        .series
        .iter()
        .enumerate()
        .map(|(slot, s)| {
            let dash = s
                .dash
                .map_or(String::new(), |d| format!(" stroke-dasharray=\"{d}\""));
            (
                format!("stroke=\"{}\"", placeholder_hex(slot)),
                format!("class=\"chart-line {}\"{dash}", stroke_class(s.color_var)),
            )
        })
        .collect();
    styles.extend(spec.guides.iter().enumerate().map(|(i, g)| {
        (
            format!("stroke=\"{}\"", placeholder_hex(100 + i)),
            format!(
                "class=\"chart-guide {}\" stroke-dasharray=\"2 4\"",
                stroke_class(g.color_var)
            ),
        )
    }));
    let mut data = if drawn { data } else { String::new() };
    for (from, to) in &styles {
        data = data.replace(from, to);
    }
    let data = data
        .find("<svg")
        .and_then(|start| data[start..].find('>').map(|end| start + end + 1))
        .and_then(|open_end| data.rfind("</svg>").map(|close| &data[open_end..close]))
        .unwrap_or("")
        .to_owned();

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" focusable=\"false\">"
    );
    let x_ticks = nice_ticks(x0, x1, 6);
    let x_step = x_ticks
        .get(1)
        .zip(x_ticks.first())
        .map_or(1.0, |(b, a)| b - a);
    for x in &x_ticks {
        let px = x_px(*x);
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{px:.1}\" y1=\"{TOP}\" x2=\"{px:.1}\" y2=\"{}\"/><text class=\"chart-tick\" x=\"{px:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            TOP + plot_h,
            TOP + plot_h + 16,
            tick_text(*x, x_step)
        );
    }
    let y_ticks = nice_ticks(y0, y1, 5);
    let y_step = y_ticks
        .get(1)
        .zip(y_ticks.first())
        .map_or(1.0, |(b, a)| b - a);
    for y in &y_ticks {
        let py = y_px(*y);
        let class = if y.abs() < y_step * 1e-6 {
            "chart-grid chart-zero"
        } else {
            "chart-grid"
        };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{LEFT}\" y1=\"{py:.1}\" x2=\"{}\" y2=\"{py:.1}\"/><text class=\"chart-tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT + plot_w,
            LEFT - 6,
            py + 4.0,
            tick_text(*y, y_step)
        );
    }
    let _ = write!(
        svg,
        "<g transform=\"translate({LEFT},{TOP})\"><svg width=\"{plot_w}\" height=\"{plot_h}\" viewBox=\"0 0 {} {}\" preserveAspectRatio=\"none\" overflow=\"hidden\">{data}</svg></g>",
        plot_w * OVERSAMPLE,
        plot_h * OVERSAMPLE
    );
    for guide in &spec.guides {
        let py = y_px(guide.y);
        let _ = write!(
            svg,
            "<text class=\"chart-guide-label\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT + plot_w - 4,
            py - 4.0,
            escape(&guide.label)
        );
    }
    if let Some(now) = spec.now_x.filter(|x| *x >= x0 && *x <= x1) {
        let px = x_px(now);
        let _ = write!(
            svg,
            "<line class=\"chart-now\" x1=\"{px:.1}\" y1=\"{TOP}\" x2=\"{px:.1}\" y2=\"{}\"/>",
            TOP + plot_h
        );
    }
    let _ = write!(
        svg,
        "<rect class=\"chart-frame\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_w}\" height=\"{plot_h}\"/>\
         <text class=\"chart-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
         <text class=\"chart-axis-label\" transform=\"translate(16,{}) rotate(-90)\" text-anchor=\"middle\">{}</text></svg>",
        LEFT + plot_w / 2,
        HEIGHT - 6,
        escape(&spec.x_label),
        TOP + plot_h / 2,
        escape(&spec.y_label)
    );
    svg
}

/// Draws the series and guides with plotters; false if plotters reported an error.
fn draw_data(
    out: &mut String,
    spec: &ChartSpec,
    x_range: (f64, f64),
    y_range: (f64, f64),
    size: (u32, u32),
) -> bool {
    let root = SVGBackend::with_string(out, size).into_drawing_area();
    let result = (|| -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
        let mut chart = ChartBuilder::on(&root)
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
        for (i, guide) in spec.guides.iter().enumerate() {
            chart.draw_series(LineSeries::new(
                [(x_range.0, guide.y), (x_range.1, guide.y)],
                placeholder(100 + i).stroke_width(1),
            ))?;
        }
        for (slot, series) in spec.series.iter().enumerate() {
            let points = series
                .points
                .iter()
                .copied()
                .filter(|(x, y)| x.is_finite() && y.is_finite());
            chart.draw_series(LineSeries::new(points, placeholder(slot).stroke_width(2)))?;
        }
        root.present()?;
        Ok(())
    })();
    result.is_ok()
}

/// A chart with a legend. `description` is what a screen reader hears for the picture;
/// put the numbers in text next to it as well.
#[component]
pub fn Chart(
    #[prop(into)] spec: Signal<ChartSpec>,
    #[prop(into)] description: Signal<String>,
) -> impl IntoView {
    let svg = Memo::new(move |_| spec.with(render_svg));
    let legend = move || {
        spec.with(|s| {
            s.series
                .iter()
                .map(|series| {
                    let dash = series.dash.unwrap_or("none");
                    let class = stroke_class(series.color_var);
                    view! {
                        <li>
                            <svg class="chart-key" viewBox="0 0 28 10" aria-hidden="true">
                                <line x1="1" y1="5" x2="27" y2="5" class=class stroke-dasharray=dash />
                            </svg>
                            {series.name.clone()}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <figure class="chart">
            <div class="chart-canvas" role="img" aria-label=move || description.get() inner_html=move || svg.get()></div>
            <figcaption>
                <ul class="chart-legend">{legend}</ul>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 60.0, 6),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
        );
        assert_eq!(nice_ticks(-2.4, 2.4, 5), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(tick_text(-0.0, 1.0), "0");
        assert_eq!(tick_text(-1.5, 0.5), "−1.5");
    }

    #[test]
    fn renders_themed_lines() {
        let spec = ChartSpec {
            x_label: "true time (s)".into(),
            y_label: "offset (ms)".into(),
            x_range: (0.0, 10.0),
            y_range: None,
            series: vec![Series {
                name: "A".into(),
                color_var: "--c-blue",
                dash: Some("6 3"),
                points: vec![(0.0, 1.0), (10.0, 2.0)],
            }],
            guides: vec![Guide {
                y: 1.5,
                label: "bound <".into(),
                color_var: "--muted",
            }],
            now_x: Some(5.0),
        };
        let svg = render_svg(&spec);
        assert!(svg.starts_with("<svg class=\"chart-svg\""));
        assert!(
            svg.contains("class=\"chart-line stroke-c-blue\" stroke-dasharray=\"6 3\""),
            "{svg}"
        );
        assert!(!svg.contains(" style"), "no inline style: {svg}");
        assert!(svg.contains("polyline"));
        assert!(svg.contains("bound &lt;"));
        assert!(
            !svg.contains("#0102"),
            "placeholders are all replaced: {svg}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn every_stroke_colour_has_its_class_in_the_stylesheet() {
        let css = include_str!("../../style/widgets.css");
        for var in STROKE_VARS {
            let rule = format!(".{} {{ stroke: var({var}); }}", stroke_class(var));
            assert!(css.contains(&rule), "style/widgets.css lacks `{rule}`");
        }
        assert_eq!(stroke_class("--not-a-colour"), "stroke-muted");
    }
}
