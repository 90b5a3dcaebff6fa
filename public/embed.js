/*
 * DistLab embed helper for course pages. No dependencies; include it once:
 *
 *   <iframe data-distlab src="https://…/distlab/?lesson=clocks&view=sim&chrome=0"
 *           title="DistLab: Clocks and ordering" style="width:100%;border:0"></iframe>
 *   <script src="https://…/distlab/embed.js" defer></script>
 *
 * For every <iframe data-distlab> on the page (present now or added later) it
 *  - sets the frame's height from DistLab's "distlab:resize" messages, and
 *  - re-dispatches DistLab's messages as DOM events on the iframe, bubbling:
 *    "distlab:resize", "distlab:quiz-answer", "distlab:quiz-complete"
 *    (event.detail is the message; see the README's "Embedding" section).
 * A message counts only if it comes from that iframe's window and from the
 * origin of its src, and has exactly the documented field types.
 *
 * window.DistLabEmbed.setTheme(iframe, "light" | "dark"), .reset(iframe) and
 * .requestHeight(iframe) send the requests DistLab accepts. Add
 * data-distlab-resize="off" to an iframe to keep its height under your control.
 */
(function () {
  "use strict";
  if (window.DistLabEmbed) return;

  var MAX_HEIGHT = 100000;
  var SELECTOR = "iframe[data-distlab]";

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll(SELECTOR));
  }

  function originOf(iframe) {
    try {
      return new URL(iframe.getAttribute("src") || "", document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  function frameFor(source) {
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      if (source && list[i].contentWindow === source) return list[i];
    }
    return null;
  }

  function isCount(value) {
    return typeof value === "number" && isFinite(value) && value >= 0 && Math.floor(value) === value;
  }

  function isText(value) {
    return typeof value === "string" && value.length <= 256;
  }

  // Only DistLab's documented shapes (version 1) pass.
  function valid(data) {
    if (!data || typeof data !== "object" || data.version !== 1 || typeof data.type !== "string") return false;
    switch (data.type) {
      case "distlab:resize":
        return typeof data.height === "number" && isFinite(data.height) && data.height >= 0 &&
          (data.lesson === null || isText(data.lesson)) && isText(data.view);
      case "distlab:quiz-answer":
        return isText(data.lesson) && isText(data.question) && typeof data.correct === "boolean" &&
          isCount(data.score) && isCount(data.max) && typeof data.completed === "boolean";
      case "distlab:quiz-complete":
        return isText(data.lesson) && isCount(data.score) && isCount(data.max);
      default:
        return false;
    }
  }

  // Extra pixels between the CSS height and the inner viewport (border-box sizing).
  function chromeHeight(iframe) {
    var style = window.getComputedStyle(iframe);
    if (style.boxSizing !== "border-box") return 0;
    var sum = 0;
    ["borderTopWidth", "borderBottomWidth", "paddingTop", "paddingBottom"].forEach(function (name) {
      sum += parseFloat(style[name]) || 0;
    });
    return sum;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!valid(data)) return;
    var iframe = frameFor(event.source);
    if (!iframe || event.origin !== originOf(iframe)) return;
    if (data.type === "distlab:resize" && iframe.getAttribute("data-distlab-resize") !== "off") {
      var height = Math.min(Math.ceil(data.height), MAX_HEIGHT) + chromeHeight(iframe);
      iframe.style.height = height + "px";
    }
    var copy = JSON.parse(JSON.stringify(data));
    iframe.dispatchEvent(new CustomEvent(data.type, { detail: copy, bubbles: true }));
  });

  // Requests go to the frame's own origin, so call these once it has loaded
  // (after its first "distlab:resize" event).
  function send(iframe, message) {
    var origin = originOf(iframe);
    if (!iframe || !iframe.contentWindow || !origin || origin === "null") return false;
    message.version = 1;
    iframe.contentWindow.postMessage(message, origin);
    return true;
  }

  window.DistLabEmbed = {
    frames: frames,
    setTheme: function (iframe, theme) {
      if (theme !== "light" && theme !== "dark") return false;
      return send(iframe, { type: "distlab:set-theme", theme: theme });
    },
    reset: function (iframe) {
      return send(iframe, { type: "distlab:reset" });
    },
    requestHeight: function (iframe) {
      return send(iframe, { type: "distlab:request-height" });
    },
  };

  // A frame that started before this script did has already reported its
  // height: ask again. The request carries nothing, so it may go to any origin
  // (the frame may still be loading and have no origin yet).
  function askAll() {
    frames().forEach(function (iframe) {
      if (iframe.contentWindow) {
        iframe.contentWindow.postMessage({ type: "distlab:request-height", version: 1 }, "*");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", askAll);
  } else {
    askAll();
  }
})();
