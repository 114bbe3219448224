/* The zone switcher, the banner and the "starts in" line of an agenda page. Times are phrased
   as the page's own text phrases them (the library's agenda._words): "13:30–13:35 IST, UTC+05:30
   (+1 day)". Without this script the page shows the same programme in its first zone.
   A page in several languages has a switch that works without it (CSS shows the variants of the
   checked language); the script keeps the choice in the fragment ("#tz=Asia/Kolkata&lang=ru"),
   names each language in itself, and gives the title and the calendar links in it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("agenda-data").textContent);
  var DASH = "\u2013";
  var DAY = 86400000;
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var formatters = {};

  function canonical(zone) {
    return data.links[zone] || zone;
  }

  function validZone(zone) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch (error) {
      return false;
    }
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* The wall time of an instant in a zone, with its offset ("UTC+05:30") and day number. */
  function local(zone, ms) {
    var format = formatters[zone];
    if (!format) {
      format = formatters[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "longOffset"
      });
    }
    var parts = {};
    format.formatToParts(new Date(ms)).forEach(function (part) { parts[part.type] = part.value; });
    var offset = parts.timeZoneName.replace("GMT", "");
    var result = {
      year: +parts.year, month: +parts.month, day: +parts.day,
      hour: +parts.hour % 24, minute: +parts.minute, second: +parts.second,
      offset: offset ? "UTC" + offset : "UTC", isoOffset: offset || "+00:00"
    };
    result.dayNumber = Math.floor(Date.UTC(result.year, result.month - 1, result.day) / DAY);
    result.wall = Date.UTC(result.year, result.month - 1, result.day, result.hour, result.minute, result.second);
    result.instant = ms;
    return result;
  }

  function clock(t) { return pad(t.hour) + ":" + pad(t.minute); }

  function iso(t) {
    var text = t.year + "-" + pad(t.month) + "-" + pad(t.day) + "T" + clock(t);
    return text + (t.second ? ":" + pad(t.second) : "") + t.isoOffset;
  }

  function label(zone, t) {
    var abbreviation = (data.abbreviations[zone] || {})[t.offset];
    if (zone === "UTC" || !abbreviation || abbreviation === t.offset) { return t.offset; }
    return abbreviation + ", " + t.offset;
  }

  function dayShift(days) {
    if (days === 0) { return ""; }
    return (days > 0 ? "+" : "-") + Math.abs(days) + " day" + (Math.abs(days) !== 1 ? "s" : "");
  }

  /* agenda._words.span_shift: "+1 day", "ends +1 day", "starts -1 day, ends on the event date";
     a span that ends at midnight ends on the day it started. */
  function shiftWords(start, end, referenceDay) {
    var first = start.dayNumber - referenceDay;
    var last = end.dayNumber - referenceDay;
    var midnight = end.hour === 0 && end.minute === 0 && end.second === 0;
    if (last !== first && end.instant > start.instant && midnight) { last -= 1; }
    if (first === last) { return dayShift(first); }
    return (first ? "starts " + dayShift(first) + ", " : "") + "ends " + (dayShift(last) || "on the event date");
  }

  function dayWords(t) {
    var weekday = WEEKDAYS[new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()];
    return weekday + " " + t.day + " " + MONTHS[t.month - 1] + " " + t.year;
  }

  function windowOf(hours, wall) {
    var day = Math.floor(wall / DAY) * DAY;
    for (var shift = -1; shift <= 0; shift += 1) {
      var opens = day + shift * DAY + hours.start * 60000;
      var closes = day + shift * DAY + hours.end * 60000;
      if (closes <= opens) { closes += DAY; }
      if (opens <= wall && wall < closes) { return [opens, closes]; }
    }
    return null;
  }

  function contains(hours, start, end) {
    if (hours.start === hours.end) { return true; }
    var found = windowOf(hours, start.wall);
    if (end.wall <= start.wall) { return found !== null; }
    return found !== null && end.wall <= found[1];
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function timeElement(t) {
    var node = element("time", "", clock(t));
    node.setAttribute("datetime", iso(t));
    return node;
  }

  function audienceText(zone) {
    return (data.audiences[zone] || []).join(", ");
  }

  /* A time cell as the page's template writes it. */
  function timeCell(zone, startMs, endMs, referenceDay, isItem) {
    var start = local(zone, startMs);
    var end = local(zone, endMs);
    var startLabel = label(zone, start);
    var endLabel = label(zone, end);
    var cell = element("td", "time");
    cell.setAttribute("data-zone", zone);
    cell.setAttribute("data-label", audienceText(zone) || zone);
    cell.appendChild(timeElement(start));
    if (endLabel !== startLabel) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(element("span", "zone", startLabel));
      cell.appendChild(document.createTextNode(DASH));
      cell.appendChild(timeElement(end));
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(element("span", "zone", endLabel));
    } else {
      cell.appendChild(document.createTextNode(DASH));
      cell.appendChild(timeElement(end));
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(element("span", "zone", startLabel));
    }
    var shift = shiftWords(start, end, referenceDay);
    if (shift) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(element("span", "shift", "(" + shift + ")"));
    }
    var hours = data.hours[zone] || [];
    var within = !isItem || hours.every(function (h) { return contains(h, start, end); });
    if (!within) {
      cell.className += " outside-hours";
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(element("span", "outside", "outside local hours " +
        hours.map(function (h) { return h.text; }).join(" and ")));
    }
    return cell;
  }

  function whenText(zone, startMs, endMs) {
    var start = local(zone, startMs);
    var end = local(zone, endMs);
    var startLabel = label(zone, start);
    var endLabel = label(zone, end);
    var text = endLabel !== startLabel
      ? clock(start) + " " + startLabel + DASH + clock(end) + " " + endLabel
      : clock(start) + DASH + clock(end) + " " + startLabel;
    var shift = shiftWords(start, end, start.dayNumber);
    return dayWords(start) + ", " + text + (shift ? " (" + shift + ")" : "");
  }

  var languages = data.languages || [];
  var language = languages[0];

  /* The settings in the URL fragment ("#tz=Asia/Kolkata&lang=ru"), or null for a fragment that
     is a link within the page ("#opening"), which changes nothing. */
  function fragmentSettings() {
    var hash = (window.location.hash || "").replace(/^#/, "");
    var settings = {};
    var found = !hash;
    hash.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at <= 0) { return; }
      found = true;
      try {
        settings[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
      } catch (error) {
        settings[pair.slice(0, at)] = "";
      }
    });
    return found ? settings : null;
  }

  function fragmentOf(zone, tag) {
    var parts = [];
    if (zone) { parts.push("tz=" + zone); }
    if (tag && tag !== languages[0]) { parts.push("lang=" + tag); }
    return parts.join("&");
  }

  function zoneHref(zone) {
    return "#" + fragmentOf(zone, language);
  }

  /* A copy of `node`'s content as it is shown: without the other languages' variants and the
     markers of texts in another language. */
  function shownCopy(node) {
    var copy = node.cloneNode(true);
    Array.prototype.slice.call(copy.querySelectorAll("[data-for], .fallback")).forEach(function (part) {
      var forShown = (" " + (part.getAttribute("data-for") || "") + " ").indexOf(" " + language + " ") >= 0;
      var before = part.previousSibling;
      if (part.parentNode && (part.classList.contains("fallback") || !forShown)) {
        part.parentNode.removeChild(part);
        if (before && before.nodeType === 3) { before.nodeValue = before.nodeValue.replace(/\s+$/, ""); }
      }
    });
    var content = document.createDocumentFragment();
    while (copy.firstChild) { content.appendChild(copy.firstChild); }
    return content;
  }

  var days = document.getElementById("days");
  var rows = Array.prototype.slice.call(days.querySelectorAll("tr.slot"));
  var template = days.querySelector("section.day");
  var hasLinks = !!(template && template.querySelector("th.links"));
  var shown = data.zones[0];
  var viewer = null;
  try {
    viewer = canonical(Intl.DateTimeFormat().resolvedOptions().timeZone || "");
  } catch (error) {
    viewer = null;
  }

  function columnsFor(zone) {
    return [zone].concat(data.zones.filter(function (z) { return z !== zone; }));
  }

  function headerRow(columns) {
    var row = element("tr");
    columns.forEach(function (zone, index) {
      var cell = element("th", "zone-col");
      cell.setAttribute("scope", "col");
      cell.setAttribute("data-zone", zone);
      if (audienceText(zone)) {
        cell.appendChild(element("span", "audience", audienceText(zone)));
        cell.appendChild(document.createTextNode(" "));
      }
      cell.appendChild(element("span", "key", zone));
      if (index === 0) {
        cell.appendChild(document.createTextNode(" "));
        cell.appendChild(element("span", "dates", "(dates)"));
      }
      row.appendChild(cell);
    });
    var length = element("th", "duration", "Length");
    length.setAttribute("scope", "col");
    row.appendChild(length);
    var title = element("th", "", "Programme");
    title.setAttribute("scope", "col");
    row.appendChild(title);
    if (hasLinks) {
      var links = element("th", "links", "Add to calendar");
      links.setAttribute("scope", "col");
      row.appendChild(links);
    }
    return row;
  }

  /* Regroup every row by the local dates of `zone` and rewrite its times. */
  function render(zone) {
    var columns = columnsFor(zone);
    var groups = [];
    var byDay = {};
    rows.forEach(function (row) {
      var startMs = Date.parse(row.getAttribute("data-start"));
      var endMs = Date.parse(row.getAttribute("data-end"));
      var start = local(zone, startMs);
      if (!byDay[start.dayNumber]) {
        byDay[start.dayNumber] = { start: start, rows: [] };
        groups.push(byDay[start.dayNumber]);
      }
      Array.prototype.slice.call(row.querySelectorAll("td.time")).forEach(function (cell) { row.removeChild(cell); });
      var first = row.firstChild;
      var isItem = row.classList.contains("item");
      columns.forEach(function (z) {
        row.insertBefore(timeCell(z, startMs, endMs, start.dayNumber, isItem), first);
      });
      byDay[start.dayNumber].rows.push(row);
    });
    while (days.firstChild) { days.removeChild(days.firstChild); }
    groups.forEach(function (group) {
      var t = group.start;
      var date = t.year + "-" + pad(t.month) + "-" + pad(t.day);
      var section = element("section", "day");
      section.setAttribute("aria-labelledby", "day-" + date);
      section.setAttribute("data-date", date);
      var heading = element("h2", "", dayWords(t) + " ");
      heading.id = "day-" + date;
      heading.appendChild(element("span", "day-zone", "(dates in " + zone + ")"));
      section.appendChild(heading);
      var table = element("table");
      var head = element("thead");
      head.appendChild(headerRow(columns));
      table.appendChild(head);
      var body = element("tbody");
      group.rows.forEach(function (row) { body.appendChild(row); });
      table.appendChild(body);
      section.appendChild(table);
      days.appendChild(section);
    });
    Array.prototype.slice.call(document.querySelectorAll(".zoned")).forEach(function (node) {
      node.textContent = whenText(zone, Date.parse(node.getAttribute("data-start")), Date.parse(node.getAttribute("data-end")));
    });
    var keyNote = document.querySelector(".when .key");
    if (keyNote) { keyNote.textContent = "(" + zone + (audienceText(zone) ? ", " + audienceText(zone) : "") + ")"; }
    shown = zone;
    updateSwitcher();
    updateBanner();
    tick();
  }

  function updateSwitcher() {
    Array.prototype.slice.call(document.querySelectorAll("#zone-switcher a")).forEach(function (link) {
      if (link.getAttribute("data-zone") === shown) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function updateBanner() {
    var banner = document.getElementById("zone-banner");
    while (banner.firstChild) { banner.removeChild(banner.firstChild); }
    if (!viewer || viewer === shown || !validZone(viewer)) {
      banner.hidden = true;
      return;
    }
    var now = Date.now();
    var shownLabel = label(shown, local(shown, now));
    var viewerLabel = label(viewer, local(viewer, now));
    banner.appendChild(document.createTextNode(
      "The times are grouped by the dates of " + shown + " (" + shownLabel + "), not your zone, " +
      viewer + " (" + viewerLabel + "). "));
    var link = element("a", "", "Show them in your zone");
    link.href = zoneHref(viewer);
    banner.appendChild(link);
    banner.hidden = false;
  }

  function duration(ms) {
    var minutes = Math.round(ms / 60000);
    var d = Math.floor(minutes / 1440);
    var h = Math.floor((minutes % 1440) / 60);
    var m = minutes % 60;
    var parts = [];
    if (d) { parts.push(d + (d === 1 ? " day" : " days")); }
    if (h) { parts.push(h + " h"); }
    if (m && !d) { parts.push(m + " min"); }
    return parts.join(" ") || "less than a minute";
  }

  /* The "starts in" line and the "now" marker, from the viewer's clock. */
  function tick() {
    var now = Date.now();
    var start = Date.parse(data.start);
    var end = Date.parse(data.end);
    var line = document.getElementById("countdown");
    var current = null;
    rows.forEach(function (row) {
      var isNow = row.classList.contains("item") &&
        Date.parse(row.getAttribute("data-start")) <= now && now < Date.parse(row.getAttribute("data-end"));
      row.classList.toggle("now", isNow);
      if (isNow) {
        row.setAttribute("aria-current", "time");
        current = row;
      } else {
        row.removeAttribute("aria-current");
      }
    });
    if (now < start) {
      line.textContent = "Starts in " + duration(start - now) + ".";
    } else if (now < end) {
      line.textContent = "Happening now" + (current ? ": " : "");
      if (current) { line.appendChild(shownCopy(current.querySelector("th.title .name"))); }
      line.appendChild(document.createTextNode("."));
    } else {
      line.textContent = "This event has ended.";
    }
    line.hidden = false;
  }

  /* The language of the switch that `tag` names (any case), else the page's first. */
  function pageLanguage(tag) {
    var wanted = (tag || "").toLowerCase();
    return languages.filter(function (known) { return known.toLowerCase() === wanted; })[0] || languages[0];
  }

  /* The attributes each link takes in each language (the first's are the page's own). */
  var alternates = Array.prototype.slice.call(document.querySelectorAll("[data-by-language]")).map(function (node) {
    var values = JSON.parse(node.getAttribute("data-by-language"));
    var own = {};
    Object.keys(values).forEach(function (tag) {
      Object.keys(values[tag]).forEach(function (name) { own[name] = node.getAttribute(name); });
    });
    values[languages[0]] = own;
    return { node: node, values: values };
  });

  function showLanguage(tag) {
    language = tag;
    var radio = document.getElementById("language-" + tag);
    if (radio && !radio.checked) { radio.checked = true; }
    if (data.titles && data.titles[tag]) { document.title = data.titles[tag]; }
    alternates.forEach(function (entry) {
      var values = entry.values[tag] || entry.values[languages[0]];
      Object.keys(values).forEach(function (name) { entry.node.setAttribute(name, values[name]); });
    });
    Array.prototype.slice.call(document.querySelectorAll("#zone-switcher a[data-zone]")).forEach(function (link) {
      link.setAttribute("href", zoneHref(link.getAttribute("data-zone")));
    });
    updateBanner();
    tick();
  }

  function fromFragment(event) {
    var settings = fragmentSettings();
    if (settings === null) {
      if (event) { return; }
      settings = {};
    }
    var zone = canonical(settings.tz || "");
    if (!zone || !validZone(zone)) { zone = data.zones[0]; }
    if (zone !== shown) {
      render(zone);
    } else {
      updateSwitcher();
      updateBanner();
    }
    if (languages.length && pageLanguage(settings.lang) !== language) { showLanguage(pageLanguage(settings.lang)); }
  }

  /* Each language named in itself ("Русский"), where the browser knows its name. */
  Array.prototype.slice.call(document.querySelectorAll("#language-switcher label")).forEach(function (label) {
    var tag = label.getAttribute("lang");
    var name = label.querySelector(".language-name");
    try {
      var autonym = new Intl.DisplayNames([tag], { type: "language" }).of(tag);
      if (autonym && autonym !== tag) { name.textContent = autonym.charAt(0).toLocaleUpperCase(tag) + autonym.slice(1); }
    } catch (error) {
      /* an older browser: the tag stays */
    }
  });

  /* Choosing a language keeps it in the fragment, beside the zone shown. */
  var switcher = document.getElementById("language-switcher");
  if (switcher) {
    switcher.addEventListener("change", function (event) {
      var tag = pageLanguage(event.target.value);
      var fragment = fragmentOf(shown !== data.zones[0] ? shown : "", tag);
      showLanguage(tag);
      if (fragment) {
        window.location.hash = fragment;
      } else {
        try {
          window.history.pushState(null, "", window.location.pathname + window.location.search);
        } catch (error) {
          window.location.hash = "";
        }
      }
    });
  }

  if (viewer && validZone(viewer)) {
    var own = document.getElementById("own-zone");
    var known = document.querySelector('#zone-switcher a[data-zone="' + viewer.replace(/"/g, "") + '"]');
    if (known) {
      known.appendChild(document.createTextNode(" \u2013 your zone"));
    } else {
      own.href = zoneHref(viewer);
      own.setAttribute("data-zone", viewer);
      own.textContent = "Your zone (" + viewer + ")";
      document.getElementById("own-zone-item").hidden = false;
    }
  }
  document.getElementById("zone-switcher").hidden = false;
  window.addEventListener("hashchange", fromFragment);
  fromFragment();
  tick();
  window.setInterval(tick, 30000);
}());
