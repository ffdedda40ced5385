/*
 * gatehouse kit: server status widget.
 *
 * Fills every <div data-gatehouse-status> on the page from GET /api/server/status: online or
 * offline, the rates, and when the data is from. Polls every data-interval seconds; after a
 * failed poll it waits twice as long each time (up to data-max-interval) and keeps showing the
 * last answer, marked as stale. An answer the edge serves from its stale copy (X-Cache: STALE,
 * while the home server is down) is shown as stale too. No dependencies; see kit/README.md.
 *
 * Attributes:
 *   data-endpoint      base URL of the edge (default: where this script was loaded from)
 *   data-interval      seconds between polls (default 30, at least 1); read before every poll
 *   data-max-interval  longest wait after failures, in seconds (default 300)
 *   data-lang          "ru" or "en" (default: <html lang>, then the browser's language)
 *
 * The element's data-state ("loading", "online", "offline", "unavailable") and data-stale
 * ("true"/"false") attributes follow what is shown, for styling.
 */
(function () {
  "use strict";

  var SCRIPT_ORIGIN = document.currentScript
    ? new URL(document.currentScript.src, location.href).origin
    : location.origin;
  var DEFAULT_INTERVAL = 30;
  var DEFAULT_MAX_INTERVAL = 300;

  var MESSAGES = {
    en: {
      loading: "Checking the server…",
      online: "Online",
      offline: "Offline",
      unavailable: "Status unavailable",
      updated: "Updated {time}",
      stale: "Could not refresh; data from {time}",
      now: "just now",
      seconds: "{n} s ago",
      minutes: "{n} min ago",
      hours: "{n} h ago",
      rates: { exp: "EXP", sp: "SP", drop: "Drop", adena: "Adena", spoil: "Spoil" }
    },
    ru: {
      loading: "Проверяем сервер…",
      online: "Онлайн",
      offline: "Офлайн",
      unavailable: "Статус недоступен",
      updated: "Обновлено {time}",
      stale: "Не удаётся обновить; данные получены {time}",
      now: "только что",
      seconds: "{n} с назад",
      minutes: "{n} мин назад",
      hours: "{n} ч назад",
      rates: { exp: "Опыт", sp: "SP", drop: "Дроп", adena: "Адена", spoil: "Спойл" }
    }
  };

  function language(element) {
    var lang = element.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "en";
    return MESSAGES[lang.toLowerCase().slice(0, 2)] ? lang.toLowerCase().slice(0, 2) : "en";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values && name in values ? values[name] : "";
    });
  }

  function seconds(element, name, fallback, minimum) {
    var value = parseFloat(element.getAttribute(name));
    return Math.max(minimum, isFinite(value) && value > 0 ? value : fallback);
  }

  function ago(words, millis) {
    var s = Math.max(0, Math.round(millis / 1000));
    if (s < 5) return words.now;
    if (s < 120) return fill(words.seconds, { n: s });
    if (s < 7200) return fill(words.minutes, { n: Math.round(s / 60) });
    return fill(words.hours, { n: Math.round(s / 3600) });
  }

  function child(element, className, tag) {
    var found = element.querySelector("." + className);
    if (!found) {
      found = document.createElement(tag);
      found.className = className;
      element.appendChild(found);
    }
    return found;
  }

  function Widget(element) {
    this.element = element;
    this.data = null; // the last answer: {status, receivedAt}, receivedAt already aged by Age
    this.stale = false;
    this.failures = 0;
    this.timer = null;
    this.waitingForVisibility = false; // a poll fell due while the tab was hidden
    element.setAttribute("aria-live", "polite");
  }

  Widget.prototype.render = function () {
    var element = this.element;
    var words = MESSAGES[language(element)];
    var state = "loading";
    var rates = [];
    if (this.data) {
      var body = this.data.status;
      state = Number(body.server_status) > 0 ? "online" : "offline";
      var given = body.rates && typeof body.rates === "object" ? body.rates : {};
      rates = Object.keys(given).map(function (name) {
        return (words.rates[name] || name) + " ×" + given[name];
      });
    } else if (this.failures > 0) {
      state = "unavailable";
    }
    element.setAttribute("data-state", state);
    element.setAttribute("data-stale", this.stale ? "true" : "false");
    child(element, "gatehouse-status-state", "strong").textContent = words[state];

    var list = child(element, "gatehouse-status-rates", "ul");
    while (list.firstChild) list.removeChild(list.firstChild);
    rates.forEach(function (rate) {
      var item = document.createElement("li");
      item.textContent = rate;
      list.appendChild(item);
    });

    var note = child(element, "gatehouse-status-note", "small");
    note.textContent = this.data
      ? fill(this.stale ? words.stale : words.updated, { time: ago(words, Date.now() - this.data.receivedAt) })
      : "";
  };

  Widget.prototype.schedule = function (delaySeconds) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.poll();
    }, delaySeconds * 1000);
  };

  // Errors wait interval × 2^failures (up to max-interval, with jitter so a crowd of pages that
  // lost the server together does not come back together), or the edge's Retry-After if longer.
  Widget.prototype.backOff = function (retryAfter) {
    var interval = seconds(this.element, "data-interval", DEFAULT_INTERVAL, 1);
    var max = seconds(this.element, "data-max-interval", DEFAULT_MAX_INTERVAL, interval);
    var delay = Math.min(max, interval * Math.pow(2, this.failures)) * (0.8 + Math.random() * 0.4);
    return Math.max(delay, retryAfter || 0);
  };

  Widget.prototype.poll = function () {
    var self = this;
    clearTimeout(this.timer);
    if (document.hidden) {
      this.waitingForVisibility = true;
      return;
    }
    var interval = seconds(this.element, "data-interval", DEFAULT_INTERVAL, 1);
    var endpoint = this.element.getAttribute("data-endpoint") || SCRIPT_ORIGIN;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () { controller.abort(); }, Math.min(interval, 10) * 1000)
      : null;
    fetch(new URL("/api/server/status", endpoint).toString(), {
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) {
          var error = new Error("status " + response.status);
          error.retryAfter = parseInt(response.headers.get("Retry-After"), 10) || 0;
          throw error;
        }
        return response.json().then(function (status) {
          var age = parseInt(response.headers.get("Age"), 10) || 0;
          self.data = { status: status, receivedAt: Date.now() - age * 1000 };
          self.stale = response.headers.get("X-Cache") === "STALE";
          self.failures = 0;
          self.render();
          self.schedule(interval);
        });
      })
      .catch(function (error) {
        self.failures += 1;
        self.stale = self.data !== null;
        self.render();
        self.schedule(self.backOff(error && error.retryAfter));
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  };

  Widget.prototype.start = function () {
    var self = this;
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && self.waitingForVisibility) {
        self.waitingForVisibility = false;
        self.poll();
      }
    });
    this.render();
    this.poll();
  };

  function bind(element) {
    if (element._gatehouseStatus) return element._gatehouseStatus;
    element._gatehouseStatus = new Widget(element);
    element._gatehouseStatus.start();
    return element._gatehouseStatus;
  }

  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-gatehouse-status]"), bind);
  }

  // refresh(element): poll now, e.g. from a "refresh" button; the next polls follow data-interval.
  function refresh(element) {
    if (element._gatehouseStatus) {
      element._gatehouseStatus.poll();
    } else {
      bind(element);
    }
  }

  window.GatehouseStatus = { bind: bind, refresh: refresh, messages: MESSAGES };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
