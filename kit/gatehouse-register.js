/*
 * gatehouse kit: registration form.
 *
 * Binds every <form data-gatehouse-register> on the page: posts its login, password, gender and
 * telegram_id to POST /api/register as JSON, shows the server's field errors next to the inputs,
 * the outcome in the form's [data-gatehouse-message] element, and keeps the button disabled while
 * a request is on its way or a rate limit (429) is in force. No dependencies; see kit/README.md.
 *
 * Form attributes:
 *   data-endpoint  base URL of the edge (default: where this script was loaded from)
 *   data-api-key   the key marked `public: true` in edge.yaml; leave it out when the form posts
 *                  to the website's own backend, which adds its secret key
 *   data-lang      "ru" or "en" (default: <html lang>, then the browser's language)
 *
 * The form's data-gatehouse-state is "sending", "success", "error", or "ready" again once a rate
 * limit has passed. Each outcome is also announced as a "gatehouse:register" event on the form, with
 * detail {ok, status, error, fields, retryAfter}.
 */
(function () {
  "use strict";

  var SCRIPT_ORIGIN = document.currentScript
    ? new URL(document.currentScript.src, location.href).origin
    : location.origin;
  var FIELDS = ["login", "password", "gender", "telegram_id"];
  var TIMEOUT_MS = 30000;
  // Answers after which the registration may yet be made: the edge's own when the agent's answer
  // did not reach it, and the agent's "the first attempt is still running".
  var OUTCOME_UNKNOWN = { 502: true, 504: true };
  function outcomeUnknown(status, json) {
    return OUTCOME_UNKNOWN[status] || (status === 409 && json.error === "request_in_progress");
  }

  var MESSAGES = {
    en: {
      sending: "Sending…",
      success: "Your account is ready. See you in the game!",
      errors: {
        validation_error: "Please correct the highlighted fields.",
        login_taken: "This login is already taken. Please choose another one.",
        limit_exceeded: "This Telegram account already has the maximum number of game accounts.",
        not_in_telegram_group: "Join our Telegram group first, then try again.",
        rate_limited: "Too many attempts. Try again in {time}.",
        banned: "Requests from your network are blocked for a while. Try again later.",
        game_server_unavailable: "The game server is not available right now. Try again in a few minutes.",
        telegram_unavailable: "Telegram membership cannot be checked right now. Try again in a few minutes.",
        upstream_unavailable: "The server is not reachable right now. Try again in a few minutes.",
        upstream_timeout: "The server took too long to answer. Try again in a minute.",
        internal_error: "Something went wrong on the server. Try again later.",
        payload_too_large: "The form data is too large.",
        unsupported_media_type: "The form was sent in a format the server does not accept.",
        invalid_api_key: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        origin_not_allowed: "This site may not register accounts. Please tell the site's administrator.",
        invalid_assertion: "Registration is not set up correctly on the server. Please tell the site's administrator.",
        not_found: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        method_not_allowed: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        bad_request: "The request could not be read. Reload the page and try again.",
        overloaded: "Many people are registering right now. Try again in a few seconds.",
        request_in_progress: "Your registration is still being processed. Wait a moment, then try again.",
        idempotency_key_mismatch: "The form changed while it was being sent. Please send it again.",
        telegram_proof_invalid: "Log in with Telegram again, then send the form.",
        ip_not_allowed: "Registration is not open to your network.",
        uri_too_long: "The request could not be read. Reload the page and try again.",
        headers_too_large: "The request could not be read. Reload the page and try again.",
        http_version_not_supported: "Your browser sent a request the server does not speak. Try another browser.",
        authentication_required: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        invalid_token: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        token_expired: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        login_ended: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        invalid_credentials: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        invalid_refresh_token: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        refresh_token_reused: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        insufficient_role: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        login_locked: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        unknown_component: "Registration is not set up correctly on this site. Please tell the site's administrator.",
        reload_refused: "Registration is not set up correctly on this site. Please tell the site's administrator."
      },
      network: "The registration server could not be reached. Check your connection and try again.",
      unknown: "Registration failed ({code}). Try again later.",
      rate_limited_later: "Too many attempts. Try again later.",
      seconds: "{n} s",
      minutes: "{n} min",
      fields: {
        login: "3 to 16 characters: Latin letters, digits or _",
        password: "6 to 20 characters",
        gender: "Choose one",
        telegram_id: "Your numeric Telegram ID, a positive number",
        unexpected: "This field is not accepted"
      }
    },
    ru: {
      sending: "Отправляем…",
      success: "Аккаунт создан. До встречи в игре!",
      errors: {
        validation_error: "Исправьте отмеченные поля.",
        login_taken: "Этот логин уже занят. Выберите другой.",
        limit_exceeded: "На этот Telegram-аккаунт уже создано максимальное число игровых аккаунтов.",
        not_in_telegram_group: "Сначала вступите в нашу группу в Telegram, затем попробуйте снова.",
        rate_limited: "Слишком много попыток. Повторите через {time}.",
        banned: "Запросы из вашей сети временно заблокированы. Повторите позже.",
        game_server_unavailable: "Игровой сервер сейчас недоступен. Повторите через несколько минут.",
        telegram_unavailable: "Сейчас не удаётся проверить участие в группе Telegram. Повторите через несколько минут.",
        upstream_unavailable: "Сервер сейчас недоступен. Повторите через несколько минут.",
        upstream_timeout: "Сервер слишком долго не отвечал. Повторите через минуту.",
        internal_error: "На сервере что-то пошло не так. Повторите позже.",
        payload_too_large: "Слишком много данных в форме.",
        unsupported_media_type: "Форма отправлена в формате, который сервер не принимает.",
        invalid_api_key: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        origin_not_allowed: "Этому сайту не разрешено регистрировать аккаунты. Сообщите администратору сайта.",
        invalid_assertion: "Регистрация на сервере настроена неверно. Сообщите администратору сайта.",
        not_found: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        method_not_allowed: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        bad_request: "Сервер не смог прочитать запрос. Обновите страницу и попробуйте снова.",
        overloaded: "Сейчас регистрируется много людей. Повторите через несколько секунд.",
        request_in_progress: "Ваша регистрация ещё обрабатывается. Подождите немного и повторите.",
        idempotency_key_mismatch: "Форма изменилась во время отправки. Отправьте её ещё раз.",
        telegram_proof_invalid: "Войдите через Telegram ещё раз, затем отправьте форму.",
        ip_not_allowed: "Регистрация из вашей сети закрыта.",
        uri_too_long: "Сервер не смог прочитать запрос. Обновите страницу и попробуйте снова.",
        headers_too_large: "Сервер не смог прочитать запрос. Обновите страницу и попробуйте снова.",
        http_version_not_supported: "Браузер отправил запрос, который сервер не понимает. Попробуйте другой браузер.",
        authentication_required: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        invalid_token: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        token_expired: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        login_ended: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        invalid_credentials: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        invalid_refresh_token: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        refresh_token_reused: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        insufficient_role: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        login_locked: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        unknown_component: "Регистрация на сайте настроена неверно. Сообщите администратору сайта.",
        reload_refused: "Регистрация на сайте настроена неверно. Сообщите администратору сайта."
      },
      network: "Не удалось связаться с сервером регистрации. Проверьте подключение и попробуйте снова.",
      unknown: "Регистрация не удалась ({code}). Повторите позже.",
      rate_limited_later: "Слишком много попыток. Повторите позже.",
      seconds: "{n} с",
      minutes: "{n} мин",
      fields: {
        login: "От 3 до 16 символов: латинские буквы, цифры или _",
        password: "От 6 до 20 символов",
        gender: "Выберите вариант",
        telegram_id: "Ваш числовой ID в Telegram, положительное число",
        unexpected: "Это поле не принимается"
      }
    }
  };

  function language(form) {
    var lang = form.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "en";
    return lang.toLowerCase().indexOf("ru") === 0 ? "ru" : "en";
  }

  function text(form, key, values) {
    return fill(MESSAGES[language(form)][key], values);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values && name in values ? values[name] : "";
    });
  }

  function duration(form, seconds) {
    return seconds < 120
      ? text(form, "seconds", { n: seconds })
      : text(form, "minutes", { n: Math.ceil(seconds / 60) });
  }

  // The body is built by hand for telegram_id: Telegram ids may outgrow JavaScript's exact
  // integers, so the digits go into the JSON unchanged. Anything else is sent as typed and the
  // server, which owns the rules, answers with the field's error.
  function body(form) {
    var value = function (name) {
      var field = form.elements[name];
      return field ? String(field.value).trim() : "";
    };
    var gender = value("gender");
    var json = JSON.stringify({
      login: value("login"),
      password: form.elements.password ? form.elements.password.value : "",
      gender: /^[01]$/.test(gender) ? Number(gender) : gender
    });
    var telegramId = value("telegram_id");
    var encoded = /^[0-9]{1,20}$/.test(telegramId) ? telegramId : JSON.stringify(telegramId);
    var proof = form._gatehouseTelegram
      ? ',"telegram_auth":' + JSON.stringify(form._gatehouseTelegram)
      : "";
    return json.slice(0, -1) + ',"telegram_id":' + encoded + proof + "}";
  }

  // rate_limited without a Retry-After gets the text without a time; codes this kit does not know
  // (a newer edge) still get a message, naming the code.
  function errorMessage(form, code) {
    if (code === "rate_limited") return text(form, "rate_limited_later");
    if (code in MESSAGES.en.errors) return MESSAGES[language(form)].errors[code];
    return text(form, "unknown", { code: code });
  }

  function messageElement(form) {
    var element = form.querySelector("[data-gatehouse-message]");
    if (!element) {
      element = document.createElement("p");
      element.setAttribute("data-gatehouse-message", "");
      form.appendChild(element);
    }
    element.setAttribute("role", "status");
    element.setAttribute("aria-live", "polite");
    return element;
  }

  function fieldErrorElement(form, name) {
    var element = form.querySelector('[data-error-for="' + name + '"]');
    var input = form.elements[name];
    if (!element && input && input.insertAdjacentElement) {
      element = document.createElement("span");
      element.className = "gatehouse-field-error";
      element.setAttribute("data-error-for", name);
      input.insertAdjacentElement("afterend", element);
    }
    return element;
  }

  function clearFieldErrors(form) {
    FIELDS.forEach(function (name) {
      var element = form.querySelector('[data-error-for="' + name + '"]');
      if (element) element.textContent = "";
      var input = form.elements[name];
      if (input && input.removeAttribute) input.removeAttribute("aria-invalid");
    });
  }

  function showFieldErrors(form, fields) {
    var unplaced = [];
    Object.keys(fields || {}).forEach(function (name) {
      var known = FIELDS.indexOf(name) >= 0;
      var element = known ? fieldErrorElement(form, name) : null;
      if (!element) {
        unplaced.push(name + ": " + (known ? fields[name] : MESSAGES[language(form)].fields.unexpected));
        return;
      }
      element.textContent = MESSAGES[language(form)].fields[name];
      var input = form.elements[name];
      if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
    });
    return unplaced;
  }

  function show(form, state, code, message) {
    var element = messageElement(form);
    element.textContent = message;
    form.setAttribute("data-gatehouse-state", state);
    if (code) {
      element.setAttribute("data-error", code);
    } else {
      element.removeAttribute("data-error");
    }
  }

  function announce(form, detail) {
    form.dispatchEvent(new CustomEvent("gatehouse:register", { detail: detail, bubbles: true }));
  }

  function buttons(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.type === "submit";
    });
  }

  function setBusy(form, busy) {
    buttons(form).forEach(function (button) {
      button.disabled = busy;
    });
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // 429: the edge says in Retry-After (seconds) when the next attempt can succeed; the button
  // stays disabled until then and the message counts down.
  function holdUntilRetry(form, seconds, detail) {
    var until = Date.now() + seconds * 1000;
    var tick = function () {
      var left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(form._gatehouseCountdown);
        setBusy(form, false);
        show(form, "ready", null, "");
        return;
      }
      show(form, "error", "rate_limited", fill(MESSAGES[language(form)].errors.rate_limited, { time: duration(form, left) }));
    };
    clearInterval(form._gatehouseCountdown);
    setBusy(form, true);
    tick();
    form._gatehouseCountdown = setInterval(tick, 1000);
    announce(form, detail);
  }

  // One key per submission: the same form sent again after a network failure or the edge's 502 or
  // 504 (the agent's answer never came, so maybe registered) keeps its key, and the agent replays
  // the first answer instead of registering twice; a changed form, or one that got the agent's
  // answer, gets a new key.
  function idempotencyKey(form, payload) {
    var attempt = form._gatehouseAttempt;
    if (!attempt || attempt.payload !== payload) {
      attempt = { payload: payload, key: newKey() };
      form._gatehouseAttempt = attempt;
    }
    return attempt.key;
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function submit(form, event) {
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    var endpoint = form.getAttribute("data-endpoint") || SCRIPT_ORIGIN;
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    var key = form.getAttribute("data-api-key");
    if (key) headers["X-API-Key"] = key;
    var payload = body(form);
    headers["Idempotency-Key"] = idempotencyKey(form, payload);

    clearFieldErrors(form);
    setBusy(form, true);
    show(form, "sending", null, text(form, "sending"));
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;

    fetch(new URL("/api/register", endpoint).toString(), {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      headers: headers,
      body: payload,
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        return response.json().then(
          function (json) { return { response: response, json: json || {} }; },
          function () { return { response: response, json: {} }; }
        );
      })
      .then(function (result) {
        var status = result.response.status;
        var json = result.json;
        // The agent's answer came: the next submission is a new request, with a key of its own.
        if (!outcomeUnknown(status, json)) form._gatehouseAttempt = null;
        if (result.response.ok && json.ok) {
          setBusy(form, false);
          show(form, "success", null, text(form, "success"));
          if (form.elements.password) form.elements.password.value = "";
          announce(form, { ok: true, status: status });
          return;
        }
        var code = json.error || "http_" + status;
        if (status === 429) {
          var retryAfter = parseInt(result.response.headers.get("Retry-After"), 10);
          if (retryAfter > 0) {
            holdUntilRetry(form, retryAfter, { ok: false, status: status, error: code, retryAfter: retryAfter });
            return;
          }
          code = "rate_limited";
        }
        setBusy(form, false);
        var unplaced = showFieldErrors(form, json.fields);
        var message = errorMessage(form, code);
        if (unplaced.length) message += " " + unplaced.join("; ");
        show(form, "error", code, message);
        announce(form, { ok: false, status: status, error: code, fields: json.fields || null });
      })
      .catch(function () {
        // A network failure, a timeout, and an answer the browser withheld because this page's
        // origin is not allowed by the edge's CORS all look the same to a script.
        setBusy(form, false);
        show(form, "error", "network", text(form, "network"));
        announce(form, { ok: false, status: 0, error: "network" });
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  }

  // Where the agent requires proof of the Telegram id (registration.telegram.require_proof), the
  // form names the bot in data-telegram-bot and the visitor logs in with Telegram's Login
  // Widget; its signed answer goes with the form, and the id field is filled from it.
  function offerTelegramLogin(form, bot) {
    var place = form.querySelector("[data-gatehouse-telegram]");
    if (!place) {
      place = document.createElement("div");
      place.setAttribute("data-gatehouse-telegram", "");
      form.insertBefore(place, form.querySelector("button[type=submit]"));
    }
    var widget = document.createElement("script");
    widget.async = true;
    widget.src = "https://telegram.org/js/telegram-widget.js?22";
    widget.setAttribute("data-telegram-login", bot);
    widget.setAttribute("data-size", "medium");
    widget.setAttribute("data-onauth", "GatehouseRegister.telegramLogin(user)");
    place.appendChild(widget);
    if (form.elements.telegram_id) form.elements.telegram_id.readOnly = true;
  }

  function telegramLogin(user) {
    var forms = document.querySelectorAll("form[data-gatehouse-register][data-telegram-bot]");
    Array.prototype.forEach.call(forms, function (form) {
      form._gatehouseTelegram = user;
      if (form.elements.telegram_id) form.elements.telegram_id.value = String(user.id);
      form.setAttribute("data-telegram-user", user.username || String(user.id));
    });
  }

  function bind(form) {
    if (form._gatehouseBound) return;
    form._gatehouseBound = true;
    form.noValidate = true;
    var bot = form.getAttribute("data-telegram-bot");
    if (bot) offerTelegramLogin(form, bot);
    form.addEventListener("submit", function (event) {
      submit(form, event);
    });
  }

  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-gatehouse-register]"), bind);
  }

  window.GatehouseRegister = { bind: bind, telegramLogin: telegramLogin, messages: MESSAGES };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
